import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';

export const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, '../fixtures/ingest', name), 'utf8');

export interface LoopbackServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  /** Requests seen, as `Host` header + path. */
  seen: Array<{ host: string | undefined; path: string }>;
  /** Bytes the /stream route managed to write before the client hung up. */
  streamed: { bytes: number; finished: boolean };
  close(): Promise<void>;
}

/** The largest body /stream will ever send: a bound, so the route stops by itself. */
export const STREAM_LIMIT = 24 * 1024 * 1024;

/**
 * A news site on 127.0.0.1 for the fetch tests: an article, redirects, a slow page, wrong content types,
 * oversized bodies. Every request it can be asked for is bounded in size and time.
 */
export async function startLoopbackServer(): Promise<LoopbackServer> {
  const seen: LoopbackServer['seen'] = [];
  const streamed = { bytes: 0, finished: false };
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ host: req.headers.host, path: url.pathname });
    const html = (body: string, type = 'text/html; charset=utf-8') => {
      res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    switch (url.pathname) {
      case '/news/harbour':
        return html(fixture('harbour-bridge.html'));
      case '/news/orchard':
        return html(fixture('orchard-jsonld.html'));
      case '/news/ferry':
        return html(fixture('ferry-time-only.html'));
      case '/missing':
        return html(fixture('no-article.html'));
      case '/news/gzip': {
        const body = zlib.gzipSync(fixture('harbour-bridge.html'));
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip', 'content-length': body.length });
        return res.end(body);
      }
      case '/gzip-reset': {
        // Half a gzip body, then the connection drops.
        const body = zlib.gzipSync(fixture('harbour-bridge.html'));
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip', 'content-length': body.length });
        res.write(body.subarray(0, body.length >> 1));
        return void setTimeout(() => res.socket?.destroy(), 20);
      }
      case '/latin1': {
        const body = Buffer.from(fixture('orchard-jsonld.html').replace('<meta charset="utf-8">', '').replace('Lena Brandt', 'Léna Brandt'), 'latin1');
        res.writeHead(200, { 'content-type': 'text/html; charset=iso-8859-1' });
        return res.end(body);
      }
      case '/notes.txt':
        return html('Budget passes\n\nThe city council passed the budget on Monday after a long debate about bus lines, libraries and the new harbour bridge plan.\n', 'text/plain');
      case '/redirect': {
        res.writeHead(Number(url.searchParams.get('status') ?? 302), { location: url.searchParams.get('to') ?? '/news/harbour' });
        return res.end();
      }
      case '/hop': {
        // /hop?n=3 → /hop?n=2 → … → /news/harbour, with relative locations.
        const n = Number(url.searchParams.get('n') ?? 0);
        res.writeHead(301, { location: n > 1 ? `/hop?n=${n - 1}` : '/news/harbour' });
        return res.end();
      }
      case '/loop':
        res.writeHead(302, { location: '/loop' });
        return res.end();
      case '/slow':
        // Never answers; closed when the client gives up or the server closes.
        hanging.add(res);
        return res.on('close', () => hanging.delete(res));
      case '/slow-body':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><body><p>The first part arrives, the rest never does');
        hanging.add(res);
        return res.on('close', () => hanging.delete(res));
      case '/json':
        return html('{"title":"not a page"}', 'application/json');
      case '/pdf':
        return html('%PDF-1.7 fake', 'application/pdf');
      case '/untyped':
        res.writeHead(200);
        return res.end('<html><body><p>no type</p></body></html>');
      case '/huge-declared':
        // Declares 6 MB; the client must refuse on the header alone. Sends a little, then waits.
        res.writeHead(200, { 'content-type': 'text/html', 'content-length': 6 * 1024 * 1024 });
        res.write('<html>');
        hanging.add(res);
        return res.on('close', () => hanging.delete(res));
      case '/stream':
        // No length declared: streams up to STREAM_LIMIT, honouring back-pressure, until the client hangs up.
        return void streamBody(res, streamed);
      case '/error':
        res.writeHead(500, { 'content-type': 'text/html' });
        return res.end('<p>oops</p>');
      default:
        res.writeHead(404, { 'content-type': 'text/html' });
        return res.end('<p>not here</p>');
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    seen,
    streamed,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

async function streamBody(res: http.ServerResponse, streamed: LoopbackServer['streamed']): Promise<void> {
  streamed.bytes = 0;
  streamed.finished = false;
  res.writeHead(200, { 'content-type': 'text/html' });
  const chunk = Buffer.alloc(64 * 1024, '<p>filler text for a very long page</p>\n');
  let closed = false;
  const hungUp = new Promise<void>((resolve) =>
    res.once('close', () => {
      closed = true;
      resolve();
    }),
  );
  while (!closed && streamed.bytes < STREAM_LIMIT) {
    streamed.bytes += chunk.length;
    if (!res.write(chunk)) await Promise.race([new Promise((resolve) => res.once('drain', resolve)), hungUp]);
  }
  if (!closed) {
    streamed.finished = true;
    res.end();
  }
}

/** Serves one file as text/html at every path on 127.0.0.1: for pages a test writes on the fly. */
export async function startStaticServer(file: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
