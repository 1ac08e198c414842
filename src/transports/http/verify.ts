/**
 * Discord's request signatures: Ed25519 over `X-Signature-Timestamp` + raw body, checked against
 * `X-Signature-Ed25519` with the application's public key. Node's crypto (OpenSSL) does the maths; the
 * key object is built once. Every failure is a value (`{ ok: false, reason }`), never an exception, so
 * malformed headers cannot crash the server.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** How far the signed timestamp may be from now, either way (replay window). */
export const MAX_SKEW_SECONDS = 5 * 60;

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32 raw key bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const HEX_SIGNATURE = /^[0-9a-fA-F]{128}$/;
const TIMESTAMP = /^\d{1,12}$/;

export type VerifyFailure = 'unsigned' | 'malformed signature' | 'malformed timestamp' | 'stale timestamp' | 'bad signature';
export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailure };

/**
 * The KeyObject for a hex Ed25519 public key (64 hex characters, as the Developer Portal shows it).
 * Throws if it is not one; the config schema has already checked the shape.
 */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!HEX_KEY.test(hex)) throw new Error('verify: the public key must be 64 hex characters');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

export interface SignatureHeaders {
  signature: string | undefined;
  timestamp: string | undefined;
}

/**
 * The checks that need no body: both headers present, well formed, and the timestamp fresh. Done before
 * the body is read, so an unsigned or replayed request costs nothing.
 */
export function checkHeaders(headers: SignatureHeaders, nowMs: number): VerifyResult {
  const { signature, timestamp } = headers;
  if (signature === undefined || timestamp === undefined) return { ok: false, reason: 'unsigned' };
  if (!HEX_SIGNATURE.test(signature)) return { ok: false, reason: 'malformed signature' };
  if (!TIMESTAMP.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) return { ok: false, reason: 'stale timestamp' };
  return { ok: true };
}

/**
 * Verifies a request: the header checks, then Ed25519 over timestamp + body.
 *
 * @example
 * const key = publicKeyFromHex(config.http.publicKey);
 * const result = verifyRequest(key, { signature, timestamp }, rawBody, Date.now());
 * if (!result.ok) reply(401);
 */
export function verifyRequest(key: KeyObject, headers: SignatureHeaders, body: Buffer, nowMs: number): VerifyResult {
  const checked = checkHeaders(headers, nowMs);
  if (!checked.ok) return checked;
  return verifySignature(key, headers.signature!, headers.timestamp!, body) ? { ok: true } : { ok: false, reason: 'bad signature' };
}

/** Ed25519 over timestamp + body. Headers must already have passed `checkHeaders`. Never throws. */
export function verifySignature(key: KeyObject, signatureHex: string, timestamp: string, body: Buffer): boolean {
  try {
    const message = Buffer.concat([Buffer.from(timestamp, 'utf8'), body]);
    return verify(null, message, key, Buffer.from(signatureHex, 'hex'));
  } catch {
    return false;
  }
}
