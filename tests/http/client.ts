/**
 * A signing client for the HTTP interactions tests: a real Ed25519 key pair, real sockets, loopback only.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { request, type Agent } from 'node:http';
import { connect } from 'node:net';

export interface KeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
  /** The raw public key as 64 hex characters, as the Developer Portal shows it. */
  publicHex: string;
}

export function keyPair(): KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('hex');
  return { publicKey, privateKey, publicHex };
}

/** The two signature headers for `body`, signed now (or at `timestamp`, in seconds). */
export function signatureHeaders(privateKey: KeyObject, body: string | Buffer, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const ts = String(timestamp);
  const signature = sign(null, Buffer.concat([Buffer.from(ts), Buffer.from(body)]), privateKey).toString('hex');
  return { 'x-signature-ed25519': signature, 'x-signature-timestamp': ts };
}

export interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

/** One request over a fresh connection. */
export function send(
  url: string,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer; agent?: Agent } = {},
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${options.path ?? '/interactions'}`,
      { method: options.method ?? 'POST', headers: { 'content-type': 'application/json', ...options.headers }, agent: options.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A signed POST of `payload` to /interactions. */
export function post(url: string, privateKey: KeyObject, payload: unknown): Promise<Response> {
  const body = JSON.stringify(payload);
  return send(url, { body, headers: signatureHeaders(privateKey, body) });
}

/**
 * Writes raw bytes on a socket and returns everything the server sent back until it closed the
 * connection (or `waitMs` passed). Write errors (the server hanging up mid-upload) are expected.
 */
export function raw(url: string, chunks: Array<string | Buffer>, options: { gapMs?: number; waitMs?: number } = {}): Promise<{ text: string; closed: boolean; elapsedMs: number }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(Number(port), hostname);
    let text = '';
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closed, elapsedMs: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), options.waitMs ?? 3_000);
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.on('close', () => finish(true));
    socket.on('error', () => {});
    socket.on('connect', async () => {
      for (const [i, chunk] of chunks.entries()) {
        if (i > 0 && options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
        if (socket.destroyed) return;
        socket.write(chunk);
      }
    });
  });
}
