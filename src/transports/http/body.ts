/**
 * Reads a request body with a size cap and a deadline. A declared Content-Length over the cap is refused
 * before a byte is read; otherwise bytes are counted as they stream in and reading stops at the first
 * byte past the cap. Results are values, never exceptions.
 */
import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { ok: true; body: Buffer }
  | { ok: false; reason: 'too large' | 'timeout' | 'aborted' | 'bad length' };

/** Refuses an over-long Content-Length up front (undefined: fine, or absent and counted while reading). */
export function checkDeclaredLength(req: IncomingMessage, maxBytes: number): BodyResult | undefined {
  const declared = req.headers['content-length'];
  if (declared === undefined) return undefined;
  if (!/^\d{1,15}$/.test(declared)) return { ok: false, reason: 'bad length' };
  if (Number(declared) > maxBytes) return { ok: false, reason: 'too large' };
  return undefined;
}

/** Collects the body, giving up when it passes `maxBytes` or has not all arrived within `timeoutMs`. */
export function readBody(req: IncomingMessage, options: { maxBytes: number; timeoutMs: number }): Promise<BodyResult> {
  const early = checkDeclaredLength(req, options.maxBytes);
  if (early) return Promise.resolve(early);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onClose);
      if (!result.ok) req.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxBytes) return finish({ ok: false, reason: 'too large' });
      chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) });
    const onAbort = () => finish({ ok: false, reason: 'aborted' });
    const onClose = () => {
      if (!req.complete) onAbort();
    };
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout' }), options.timeoutMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onClose);
  });
}
