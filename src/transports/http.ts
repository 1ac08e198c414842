/**
 * The HTTP interactions endpoint: Discord POSTs each interaction, signed, to `/interactions`, and the
 * response body is the interaction callback. Nothing here knows a command: the raw payload becomes a
 * transport-free request (`fromApiInteraction`) and the same dispatcher as the gateway answers
 * (`handleInteraction`), so replies are identical in both modes.
 *
 * Order of work for every request, cheapest refusal first:
 * 1. route: `/interactions` (POST only, else 405) and `/healthz` (GET/HEAD); anything else 404;
 * 2. a declared Content-Length over 1 MiB → 413 before a byte of body is read;
 * 3. signature headers present, well formed and the timestamp within 5 minutes → else 401, body unread;
 * 4. the body, counted as it streams (1 MiB cap → 413) under a deadline (→ 408);
 * 5. Ed25519 over timestamp + raw body → else 401; only then is the body parsed (bad JSON → 400).
 *
 * Deferral only where a command asks for it (`Command.defer`, today `/article`, which fetches a web page):
 * the response is a deferred `type 5` at once, the work runs, and the reply is edited in with
 * `PATCH {DISCORD_API_BASE}/v10/webhooks/{application}/{token}/messages/@original` once that response has
 * gone out. Everything else answers synchronously from the in-memory index (an /ask takes about a
 * millisecond or two of CPU; see docs/http.md), far inside Discord's 3-second window, so deferring it
 * would add a round trip and a failure mode for nothing. Handling slower than `slowMs` is logged.
 *
 * Stateless but for votes: everything a button needs is in its custom_id, so any replica can answer any
 * request; a 👍 / 👎 is recorded against the answer in this replica's `DATA_DIR/bot.db`. The cooldown is
 * per process unless one is passed in: `--workers` (src/scale/httpCluster.ts) passes one held by the
 * cluster's primary, so a user gets one cooldown per machine (docs/http.md).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KeyObject } from 'node:crypto';
import type { APIInteraction } from 'discord.js';
import { createCommandContext, deferralFor, handleInteraction } from '../commands/index.js';
import { fromApiInteraction } from '../commands/fromApiInteraction.js';
import type { Cooldown } from '../commands/cooldown.js';
import type { CommandContext, InteractionReply, InteractionRequest } from '../commands/types.js';
import { requireHttp, type Config } from '../config.js';
import type { SearchIndex } from '../index/buildIndex.js';
import type { ArticleWatcher } from '../corpus/watchArticles.js';
import { startLiveReload } from '../index/liveReload.js';
import { describeArticleError, openIndex } from '../index/openIndex.js';
import { openFeedback } from '../feedback/store.js';
import type { FeedbackStore } from '../feedback/types.js';
import { setDefaultAnswerer } from '../qa/ask.js';
import { createLogger, type Logger } from '../logger.js';
import { renderNotice } from '../reply/discord.js';
import { checkDeclaredLength, readBody } from './http/body.js';
import { checkHeaders, publicKeyFromHex, verifySignature } from './http/verify.js';

/** Discord never sends bodies anywhere near this; anything larger is refused unread. */
export const MAX_BODY_BYTES = 1024 * 1024;

export const NOT_HANDLED = "I can't handle this kind of interaction. Try /help for what I can do.";
export const STARTING_UP = "I'm still loading the articles; please try again in a moment.";

export interface HttpLimits {
  maxBodyBytes: number;
  /** The whole body must have arrived this long after the headers (408 otherwise). */
  bodyTimeoutMs: number;
  /** node's server.headersTimeout: the headers must have arrived within this. */
  headersTimeoutMs: number;
  /** node's server.requestTimeout: the whole request must have arrived within this. */
  requestTimeoutMs: number;
  /** How often node checks the two timeouts above (its default, 30 s, would let them run long). */
  timeoutCheckMs: number;
  /** Idle keep-alive connections are closed after this. */
  keepAliveTimeoutMs: number;
  /** Handling slower than this is logged as a warning (Discord's window is 3 s). */
  slowMs: number;
}

export const DEFAULT_LIMITS: HttpLimits = {
  maxBodyBytes: MAX_BODY_BYTES,
  bodyTimeoutMs: 5_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  timeoutCheckMs: 1_000,
  keepAliveTimeoutMs: 5_000,
  slowMs: 2_000,
};

/** Counters for the benchmark: how much server time goes into Ed25519 verification. */
export interface HttpStats {
  requests: number;
  verified: number;
  /** Total time inside Ed25519 verification, in nanoseconds. */
  verifyNs: bigint;
  /** Total time from request to response sent, summed over requests (overlapping), in nanoseconds. */
  handleNs: bigint;
}

export interface InteractionsServerOptions {
  /** The application's public key: hex (as in the Developer Portal) or a ready KeyObject. */
  publicKey: string | KeyObject;
  /** The handler context, or a promise of it while the index loads (commands get a "loading" notice meanwhile). */
  context: CommandContext | Promise<CommandContext>;
  logger: Logger;
  limits?: Partial<HttpLimits>;
  /** The clock for the replay window (tests); Date.now by default. */
  now?: () => number;
  /**
   * Discord's REST base without the version (`DISCORD_API_BASE`, default https://discord.com/api): where
   * deferred replies are edited in. Interaction-token webhook routes need no bot token.
   */
  apiBase?: string;
  /** More fields for `/healthz` (a cluster worker adds its id and how many workers are live). */
  health?: () => Record<string, unknown>;
}

/** The deferred acknowledgement: "thinking…", ephemeral when the command asks for it. */
type Deferred = { type: 5; data: { flags?: number } };

export interface InteractionsServer {
  server: Server;
  /** Resolves when every deferred reply in progress has been sent (or failed). */
  settled: () => Promise<void>;
  /** From now on every response, including those in flight, closes its connection once sent (shutdown). */
  drain: () => void;
  /** The context once the index is loaded. */
  ready: () => boolean;
  stats: () => HttpStats;
}

/** The fields of the one log line each request gets. Never the body, never a token. */
interface RequestLog {
  method: string;
  path: string;
  status?: number;
  /** The interaction type (1 ping, 2 command, 3 component, 4 autocomplete, …). */
  type?: number;
  command?: string;
  interaction?: string;
  replyType?: number;
  reason?: string;
}

/**
 * The interactions server, not yet listening. `startHttp` adds config, index loading and signals.
 *
 * @example
 * const { server } = createInteractionsServer({ publicKey: hex, context, logger });
 * server.listen(8080, '0.0.0.0');
 */
export function createInteractionsServer(options: InteractionsServerOptions): InteractionsServer {
  const limits: HttpLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const key = typeof options.publicKey === 'string' ? publicKeyFromHex(options.publicKey) : options.publicKey;
  const now = options.now ?? Date.now;
  const logger = options.logger;
  const stats: HttpStats = { requests: 0, verified: 0, verifyNs: 0n, handleNs: 0n };
  const apiBase = (options.apiBase ?? 'https://discord.com/api').replace(/\/+$/, '');
  const followUps = new Set<Promise<void>>();
  /** Responses not yet finished, so a shutdown can ask each to close its connection once sent. */
  const inFlight = new Set<ServerResponse>();
  let draining = false;

  let context: CommandContext | undefined;
  if ('then' in options.context) {
    options.context.then(
      (ready) => (context = ready),
      (error: unknown) => logger.error('index failed to load; commands will answer with a notice', { error }),
    );
  } else {
    context = options.context;
  }

  const server = createServer({
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: limits.timeoutCheckMs,
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const started = process.hrtime.bigint();
    const log: RequestLog = { method: req.method ?? '?', path: (req.url ?? '/').split('?')[0]! };
    stats.requests++;
    // Draining: answer, then close the connection rather than keep it alive past the shutdown.
    if (draining) res.setHeader('connection', 'close');
    else {
      inFlight.add(res);
      res.once('close', () => inFlight.delete(res));
    }
    // 'close' comes after the response is sent and also when the client hung up first: one line either way.
    res.once('close', () => {
      if (log.status === undefined) Object.assign(log, { status: 499, reason: 'client closed' });
      const elapsed = process.hrtime.bigint() - started;
      stats.handleNs += elapsed;
      const latencyMs = Math.round(Number(elapsed) / 1e4) / 100;
      const level = log.status !== undefined && log.status >= 500 ? 'error' : latencyMs > limits.slowMs ? 'warn' : 'info';
      logger[level]('http', { ...log, latencyMs });
    });
    handle(req, res, log).catch((error: unknown) => {
      // Only a bug gets here (every expected failure is a value); answer 500 if we still can, stay up.
      logger.error('http handler failed', { path: log.path, error });
      if (!res.headersSent) send(req, res, log, 500, { error: 'internal error' });
      else res.destroy();
    });
  });

  // Malformed HTTP (bad request line, oversized headers, header timeout): answer if the socket allows.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    logger.debug('http client error', { code: error.code, message: error.message });
    if (!socket.writable) return socket.destroy();
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    socket.end(`HTTP/1.1 ${status} ${status === 408 ? 'Request Timeout' : status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });

  async function handle(req: IncomingMessage, res: ServerResponse, log: RequestLog): Promise<void> {
    if (log.path === '/healthz') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(req, res, log, 405, { error: 'method not allowed' }, { allow: 'GET, HEAD' });
      return send(req, res, log, context ? 200 : 503, { ...health(context), ...options.health?.() });
    }
    if (log.path !== '/interactions') return send(req, res, log, 404, { error: 'not found' });
    if (req.method !== 'POST') return send(req, res, log, 405, { error: 'method not allowed' }, { allow: 'POST' });

    const declared = checkDeclaredLength(req, limits.maxBodyBytes);
    if (declared && !declared.ok) return refuseBody(req, res, log, declared.reason);

    const headers = { signature: header(req, 'x-signature-ed25519'), timestamp: header(req, 'x-signature-timestamp') };
    const checked = checkHeaders(headers, now());
    if (!checked.ok) {
      log.reason = checked.reason;
      return send(req, res, log, 401, { error: 'invalid request signature' });
    }

    const body = await readBody(req, { maxBytes: limits.maxBodyBytes, timeoutMs: limits.bodyTimeoutMs });
    if (!body.ok) return refuseBody(req, res, log, body.reason);

    const verifyStarted = process.hrtime.bigint();
    const valid = verifySignature(key, headers.signature!, headers.timestamp!, body.body);
    stats.verifyNs += process.hrtime.bigint() - verifyStarted;
    stats.verified++;
    if (!valid) {
      log.reason = 'bad signature';
      return send(req, res, log, 401, { error: 'invalid request signature' });
    }

    let payload: unknown;
    try {
      payload = JSON.parse(body.body.toString('utf8'));
    } catch {
      log.reason = 'malformed JSON';
      return send(req, res, log, 400, { error: 'malformed JSON' });
    }
    if (!isInteractionLike(payload)) {
      log.reason = 'not an interaction';
      return send(req, res, log, 400, { error: 'not an interaction' });
    }
    log.type = payload.type;
    log.interaction = typeof payload.id === 'string' ? payload.id : undefined;
    if (payload.type === 1) return send(req, res, log, 200, { type: 1 });

    const reply = await answer(payload as unknown as APIInteraction, log, res);
    log.replyType = reply.type;
    return send(req, res, log, 200, reply);
  }

  async function answer(interaction: APIInteraction, log: RequestLog, res: ServerResponse): Promise<InteractionReply | Deferred> {
    let request;
    try {
      request = fromApiInteraction(interaction);
    } catch {
      // Signed by Discord but not the shape we know (a newer payload version?): say so, never a 500.
      log.reason = 'unrecognised payload';
      request = undefined;
    }
    if (!request) {
      log.reason ??= 'unhandled interaction type';
      return interaction.type === 4 ? { type: 8, data: { choices: [] } } : { type: 4, data: renderNotice(NOT_HANDLED) };
    }
    log.command = request.kind === 'component' ? request.customId.split(':')[0] : request.name;
    if (!context) {
      log.reason = 'index loading';
      return request.kind === 'autocomplete' ? { type: 8, data: { choices: [] } } : { type: 4, data: renderNotice(STARTING_UP) };
    }
    const deferral = deferralFor(request);
    if (deferral) {
      const sent = new Promise<void>((resolve) => res.once('close', resolve));
      const job: Promise<void> = followUp(interaction, request, context, sent)
        .catch((error: unknown) => logger.error('http follow-up failed', { interaction: interaction.id, error }))
        .finally(() => followUps.delete(job));
      followUps.add(job);
      return { type: 5, data: deferral.ephemeral ? { flags: 64 } : {} };
    }
    return handleInteraction(request, context);
  }

  /** Does the deferred work and edits the reply in, once the acknowledgement has gone out. Never throws. */
  async function followUp(interaction: APIInteraction, request: InteractionRequest, context: CommandContext, acknowledged: Promise<void>): Promise<void> {
    const started = performance.now();
    const fields = { interaction: interaction.id, command: request.kind === 'component' ? request.customId.split(':')[0] : request.name };
    const reply = await handleInteraction(request, context);
    await acknowledged;
    if (reply.type === 8) return;
    const application = String(interaction.application_id ?? '');
    const token = String(interaction.token ?? '');
    if (!/^\d+$/.test(application) || !/^[\w.-]+$/.test(token)) {
      logger.error('http follow-up failed', { ...fields, reason: 'no usable application id or token in the interaction' });
      return;
    }
    // Flags (ephemeral) were fixed by the acknowledgement; the edit carries the message itself.
    const { flags: _fixedAtDefer, ...data } = reply.data;
    try {
      const response = await fetch(`${apiBase}/v10/webhooks/${application}/${token}/messages/@original`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(data),
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer().catch(() => undefined);
      const latencyMs = Math.round(performance.now() - started);
      if (response.ok) logger.info('http follow-up', { ...fields, status: response.status, latencyMs });
      else logger.error('http follow-up failed', { ...fields, status: response.status, latencyMs });
    } catch (error) {
      // The URL holds the interaction token: log only the error's own words, with the token cut out.
      const message = (error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? '')}` : String(error)).split(token).join('[token]');
      logger.error('http follow-up failed', { ...fields, reason: message.trim() });
    }
  }

  return {
    server,
    ready: () => context !== undefined,
    stats: () => ({ ...stats }),
    drain: () => {
      draining = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    },
    settled: async () => {
      while (followUps.size) await Promise.allSettled([...followUps]);
    },
  };
}

/** Whether the request carries a body at all (one without can keep its connection whatever we answered). */
function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isInteractionLike(payload: unknown): payload is { type: number; id?: unknown } {
  return typeof payload === 'object' && payload !== null && !Array.isArray(payload) && Number.isInteger((payload as { type?: unknown }).type);
}

function health(context: CommandContext | undefined): Record<string, unknown> {
  if (!context) return { status: 'starting', index: { loaded: false } };
  const { corpus } = context.index;
  const paragraphs = corpus.articles.reduce((n, a) => n + a.paragraphs.length, 0);
  return { status: 'ok', index: { loaded: true, articles: corpus.articles.length, paragraphs } };
}

function refuseBody(req: IncomingMessage, res: ServerResponse, log: RequestLog, reason: 'too large' | 'timeout' | 'aborted' | 'bad length'): void {
  log.reason = reason;
  if (reason === 'too large') return send(req, res, log, 413, { error: `body larger than ${MAX_BODY_BYTES} bytes` });
  if (reason === 'timeout') return send(req, res, log, 408, { error: 'body not received in time' });
  if (reason === 'bad length') return send(req, res, log, 400, { error: 'bad Content-Length' });
  // Aborted: the client is gone; nothing to answer.
  log.status = 499;
  res.destroy();
}

/**
 * Sends a JSON response. If the request body was not read to the end, the connection is closed after the
 * response rather than reading (possibly endless) leftovers to keep it alive.
 */
function send(req: IncomingMessage, res: ServerResponse, log: RequestLog, status: number, body: unknown, headers: Record<string, string> = {}): void {
  log.status = status;
  const text = JSON.stringify(body);
  const unread = hasBody(req) && !req.complete;
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(unread ? { connection: 'close' } : {}),
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : text);
  if (unread) {
    // Stop reading; close once the response is out (a short grace lets the client read it before the FIN).
    req.pause();
    res.once('finish', () => setTimeout(() => req.socket.destroy(), 50).unref());
  }
}

export interface HttpHandle extends InteractionsServer {
  /** The address it listens on, e.g. `http://127.0.0.1:8080`. */
  url: string;
  port: number;
  /** Stops accepting, lets in-flight requests finish, closes idle connections. Safe to call twice. */
  stop(reason?: string): Promise<void>;
}

export interface HttpOptions {
  logger?: Logger;
  /**
   * A ready index, kept up to date by the caller. Without it the index is loaded from `config.dataDir`
   * and kept in step with the article files (live reload) until `stop()`.
   */
  index?: SearchIndex;
  limits?: Partial<HttpLimits>;
  now?: () => number;
  /** Install SIGINT/SIGTERM handlers (default true; tests, the benchmark and cluster workers turn it off). */
  handleProcessEvents?: boolean;
  /** A cooldown shared with other processes (default: one in this process, from `config.cooldown`). */
  cooldown?: Cooldown;
  /** The `/article add` quota shared with other processes (default: one in this process). */
  addQuota?: Cooldown;
  /** More fields for `/healthz`. */
  health?: () => Record<string, unknown>;
  /** Where votes go. Default: `DATA_DIR/bot.db`, opened once the index is ready and closed by `stop()`; null: no voting. */
  feedback?: FeedbackStore | null;
}

/**
 * Serves the interactions endpoint on `config.http.host:port` until stopped. Listens at once (so
 * `/healthz` can say "starting" while the index loads) and resolves when listening.
 *
 * @example
 * const handle = await startHttp(loadConfig());
 * // Developer Portal → Interactions Endpoint URL: https://your.host/interactions
 */
export async function startHttp(config: Config, options: HttpOptions = {}): Promise<HttpHandle> {
  requireHttp(config);
  const logger = options.logger ?? createLogger({ level: config.logLevel, secrets: [config.discord.token] });
  // Every process that answers (a shard, a worker, the single process) answers the way the config says.
  setDefaultAnswerer(config.answerer);
  const index =
    options.index ??
    openIndex(config.dataDir, { onArticleError: (e) => logger.warn('article not loaded', { reason: describeArticleError(e) }) });
  let reload: ArticleWatcher | undefined;
  let stopped = false;
  // Opened here (owned, closed on stop) unless the caller passed one in.
  let feedback: FeedbackStore | undefined = options.feedback ?? undefined;
  const ownFeedback = options.feedback === undefined;
  const context = Promise.resolve(index).then((ready) => {
    const paragraphs = ready.corpus.articles.reduce((n, a) => n + a.paragraphs.length, 0);
    logger.info('index ready', { dataDir: config.dataDir, articles: ready.corpus.articles.length, paragraphs });
    // An index we built ourselves is kept in step with the article files, as in gateway mode.
    if (!options.index && !stopped) reload = startLiveReload(ready, config.dataDir, { log: (line) => logger.info('articles', { change: line }) });
    if (options.feedback === undefined && !stopped) feedback = openFeedback({ dataDir: config.dataDir, logger, salt: config.feedbackSalt });
    return createCommandContext({
      index: ready,
      logger,
      cooldown: options.cooldown ?? config.cooldown,
      ...(options.addQuota ? { addQuota: options.addQuota } : {}),
      dataDir: config.dataDir,
      allowAddresses: config.articleAllowAddresses,
      serverLimits: config.serverLimits,
      ...(feedback ? { feedback } : {}),
    });
  });
  const interactions = createInteractionsServer({
    publicKey: config.http.publicKey!,
    context: options.index ? await context : context,
    logger,
    apiBase: config.discord.apiBase,
    ...(options.health ? { health: options.health } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const { server } = interactions;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.http.port, config.http.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    // Port in use and the like: leave nothing running (no file watcher) so the caller can exit.
    stopped = true;
    reload?.close();
    if (ownFeedback) feedback?.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info('listening', { url: `${url}/interactions`, application: config.discord.clientId });

  let stopping: Promise<void> | undefined;
  const stop = (reason = 'stop requested') => {
    stopping ??= new Promise<void>((resolve) => {
      logger.info('shutting down', { reason });
      stopped = true;
      reload?.close();
      // Stop accepting, let in-flight requests and deferred replies finish; no connection is kept alive after.
      interactions.drain();
      server.close(() => {
        void interactions.settled().then(() => {
          if (ownFeedback) feedback?.close();
          logger.info('stopped');
          resolve();
        });
      });
      server.closeIdleConnections();
    });
    return stopping;
  };
  if (options.handleProcessEvents !== false) {
    process.on('unhandledRejection', (error) => logger.error('unhandled rejection', { error }));
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        // In-flight requests and deferred replies get a few seconds; then we go regardless.
        setTimeout(() => process.exit(0), 10_000).unref();
        void stop(signal).then(() => process.exit(0));
      });
    }
  }
  return { ...interactions, url, port: address.port, stop };
}
