import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestError } from '../../src/ingest/errors.js';
import { fetchPage, type FetchOptions } from '../../src/ingest/fetchPage.js';
import { STRICT_POLICY, TRUSTING_POLICY } from '../../src/ingest/safeAddress.js';
import { STREAM_LIMIT, startLoopbackServer, type LoopbackServer } from './loopbackServer.js';

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());

const trusting: FetchOptions = { policy: TRUSTING_POLICY };
/** The strict policy, with only the test server's exact address let through. */
const strictButTestServer: FetchOptions = { policy: { allowPrivate: false, allowAddresses: ['127.0.0.1'] } };

async function failure(promise: Promise<unknown>): Promise<IngestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IngestError);
  return error as IngestError;
}

describe('fetchPage', () => {
  it('GIVEN an HTML page THEN it returns the decoded body, its kind and its URL', async () => {
    const page = await fetchPage(`${server.origin}/news/harbour`, trusting);
    expect(page.kind).toBe('html');
    expect(page.url).toBe(`${server.origin}/news/harbour`);
    expect(page.body).toContain('Port Ellery voted 9 to 2');
    expect(page.redirects).toEqual([]);
  });

  it('GIVEN a chain of relative redirects THEN each is followed by hand and recorded', async () => {
    const page = await fetchPage(`${server.origin}/hop?n=3`, trusting);
    expect(page.url).toBe(`${server.origin}/news/harbour`);
    expect(page.redirects).toEqual([`${server.origin}/hop?n=2`, `${server.origin}/hop?n=1`, `${server.origin}/news/harbour`]);
  });

  it('GIVEN a redirect loop THEN it stops at the redirect cap', async () => {
    const error = await failure(fetchPage(`${server.origin}/loop`, { ...trusting, maxRedirects: 3 }));
    expect(error.code).toBe('too-many-redirects');
    expect(error.message).toMatch(/more than 3 times/);
  });

  it('GIVEN a server that never answers THEN it times out with the limit in the message', async () => {
    const started = Date.now();
    const error = await failure(fetchPage(`${server.origin}/slow`, { ...trusting, timeoutMs: 300 }));
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/did not answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('GIVEN a body that stalls half way THEN the same deadline applies', async () => {
    const error = await failure(fetchPage(`${server.origin}/slow-body`, { ...trusting, timeoutMs: 300 }));
    expect(error.code).toBe('timeout');
  });

  it.each([
    ['/json', /"application\/json", not an HTML or text page/],
    ['/pdf', /"application\/pdf"/],
    ['/untyped', /of no declared type/],
  ])('GIVEN a response of the wrong type (%s) THEN it is refused as not HTML', async (route, message) => {
    const error = await failure(fetchPage(`${server.origin}${route}`, trusting));
    expect(error.code).toBe('not-html');
    expect(error.message).toMatch(message);
  });

  it('GIVEN text/plain THEN it is accepted as text', async () => {
    expect((await fetchPage(`${server.origin}/notes.txt`, trusting)).kind).toBe('text');
  });

  it('GIVEN an error status THEN it names the status', async () => {
    const error = await failure(fetchPage(`${server.origin}/error`, trusting));
    expect(error.code).toBe('http-status');
    expect(error.message).toMatch(/HTTP 500/);
  });

  it('GIVEN a declared length over 5 MB THEN it is refused before reading the body', async () => {
    const error = await failure(fetchPage(`${server.origin}/huge-declared`, { ...trusting, timeoutMs: 5000 }));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/larger than the 5 MB limit \(declares 6 MB\)/);
  });

  it('GIVEN an undeclared body that grows past 5 MB THEN reading stops at the cap without taking it all', async () => {
    const error = await failure(fetchPage(`${server.origin}/stream`, trusting));
    expect(error.code).toBe('too-large');
    // The server noticed the hang-up well before it could send everything it had.
    await expect.poll(() => server.streamed.bytes).toBeGreaterThan(5 * 1024 * 1024);
    expect(server.streamed.finished).toBe(false);
    expect(server.streamed.bytes).toBeLessThan(STREAM_LIMIT);
  });

  it('GIVEN a gzip-encoded page THEN it is decompressed', async () => {
    expect((await fetchPage(`${server.origin}/news/gzip`, trusting)).body).toContain('Port Ellery');
  });

  it('GIVEN a connection that drops in the middle of a gzip body THEN it says so at once instead of waiting for the deadline', async () => {
    const started = Date.now();
    const error = await failure(fetchPage(`${server.origin}/gzip-reset`, { ...trusting, timeoutMs: 5000 }));
    expect(error.code).toBe('unreachable');
    expect(error.message).toMatch(/connection failed while reading the page/);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('GIVEN a charset in Content-Type THEN the body is decoded with it', async () => {
    expect((await fetchPage(`${server.origin}/latin1`, trusting)).body).toContain('Léna Brandt');
  });

  it('GIVEN a port nobody listens on THEN it is unreachable, naming the host', async () => {
    const closed = await startLoopbackServer();
    const origin = closed.origin;
    await closed.close();
    const error = await failure(fetchPage(`${origin}/news/harbour`, trusting));
    expect(error.code).toBe('unreachable');
    expect(error.message).toMatch(/could not connect to 127\.0\.0\.1:\d+: ECONNREFUSED/);
  });

  it.each(['ftp://example.org/file.html', 'file:///etc/passwd', 'not a url'])('GIVEN %s THEN only http and https are allowed', async (input) => {
    const error = await failure(fetchPage(input, trusting));
    expect(error.code).toBe('bad-input');
  });
});

describe('fetchPage address policy', () => {
  it('GIVEN the strict policy THEN a loopback URL is refused before connecting', async () => {
    const before = server.seen.length;
    const error = await failure(fetchPage(`${server.origin}/news/harbour`, { policy: STRICT_POLICY }));
    expect(error.code).toBe('blocked-address');
    expect(error.message).toMatch(/127\.0\.0\.1 is a loopback address/);
    const mapped = await failure(fetchPage(`http://[::ffff:127.0.0.1]:${server.port}/news/harbour`, { policy: STRICT_POLICY }));
    expect(mapped.code).toBe('blocked-address');
    expect(mapped.message).toMatch(/::ffff:7f00:1 is a loopback address/);
    expect(server.seen.length).toBe(before);
  });

  it('GIVEN the strict policy THEN localhost is refused after name resolution', async () => {
    const error = await failure(fetchPage(`http://localhost:${server.port}/news/harbour`, { policy: STRICT_POLICY }));
    expect(error.code).toBe('blocked-address');
    expect(error.message).toMatch(/localhost resolves to (127\.0\.0\.1|::1)/);
  });

  it.each([
    ['another loopback address', 'http://127.0.0.2:PORT/news/harbour', /127\.0\.0\.2 is a loopback address/],
    // (::ffff:127.0.0.1 itself is the allowed test server in another spelling, so a neighbour is used.)
    ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.2]:PORT/news/harbour', /::ffff:7f00:2 is a loopback address/],
    ['IPv6 loopback', 'http://[::1]:PORT/news/harbour', /::1 is a loopback address/],
  ])('GIVEN the strict policy WHEN an allowed page redirects to %s THEN the redirect is refused', async (_what, target, message) => {
    const to = encodeURIComponent(target.replace('PORT', String(server.port)));
    const error = await failure(fetchPage(`${server.origin}/redirect?to=${to}`, strictButTestServer));
    expect(error.code).toBe('blocked-address');
    expect(error.message).toMatch(message);
  });

  it('GIVEN the trusting policy THEN the same redirect to another loopback spelling is followed', async () => {
    const to = encodeURIComponent(`http://localhost:${server.port}/news/orchard`);
    const page = await fetchPage(`${server.origin}/redirect?to=${to}`, trusting);
    expect(page.body).toContain('Lindau valley');
  });

  it('GIVEN the strict policy WHEN a redirect goes to a non-http scheme THEN it is refused', async () => {
    const error = await failure(fetchPage(`${server.origin}/redirect?to=${encodeURIComponent('file:///etc/passwd')}`, strictButTestServer));
    expect(error.code).toBe('bad-input');
    expect(error.message).toMatch(/redirect from .* uses file; only http and https/);
  });

  it('GIVEN a name that resolves to an allowed address THEN the connection goes to exactly that address (pinned), resolved once per hop', async () => {
    const calls: string[] = [];
    const page = await fetchPage(`http://news.test:${server.port}/hop?n=2`, {
      ...strictButTestServer,
      resolve: async (host) => {
        calls.push(host);
        return [{ address: '127.0.0.1', family: 4 }];
      },
    });
    expect(page.body).toContain('Port Ellery');
    // news.test exists in no DNS: only the pinned lookup can have connected, and the Host header kept the name.
    expect(server.seen.at(-1)).toEqual({ host: `news.test:${server.port}`, path: '/news/harbour' });
    expect(calls).toEqual(['news.test', 'news.test', 'news.test']);
  });

  it('GIVEN a name that resolves to several addresses WHEN any one is refused THEN the fetch is refused', async () => {
    const error = await failure(
      fetchPage(`http://mixed.test:${server.port}/news/harbour`, {
        ...strictButTestServer,
        resolve: async () => [
          { address: '127.0.0.1', family: 4 },
          { address: '127.0.0.9', family: 4 },
        ],
      }),
    );
    expect(error.code).toBe('blocked-address');
    expect(error.message).toMatch(/mixed\.test resolves to 127\.0\.0\.9/);
  });

  it('GIVEN a name that does not resolve THEN it is unreachable, naming the host', async () => {
    const error = await failure(
      fetchPage('http://nowhere.test/', {
        policy: STRICT_POLICY,
        resolve: async () => {
          throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.test'), { code: 'ENOTFOUND' });
        },
      }),
    );
    expect(error.code).toBe('unreachable');
    expect(error.message).toBe('could not resolve nowhere.test: ENOTFOUND');
  });
});
