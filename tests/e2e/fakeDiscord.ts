/**
 * A loopback stand-in for Discord: the REST routes the bot uses (GET /gateway/bot, the interaction
 * callback, the webhook routes, command PUTs) and a gateway WebSocket that speaks HELLO, IDENTIFY,
 * HEARTBEAT/ACK, READY and INTERACTION_CREATE. Everything is recorded for assertions. Loopback only.
 *
 * Sharded like Discord when started with `shards: N`: `/gateway/bot` recommends N shards, each IDENTIFY
 * must carry `shard: [id, N]` (else close 4010 Invalid shard, or 4011 Sharding required without one),
 * one live session per shard (a second IDENTIFY for a shard already connected is closed with 4005), and
 * an interaction is delivered on the shard that owns its guild: `(guild_id >> 22) % N`.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const APP_ID = '100000000000000001';
export const BOT_USER = { id: APP_ID, username: 'article-qa', discriminator: '0', global_name: null, avatar: null, bot: true };

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  authorization: string | undefined;
  body: any;
}

export interface GatewayFrame {
  op: number;
  d: any;
  s?: number | null;
  t?: string | null;
}

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  /** Frames the bot sent on the gateway. */
  readonly received: GatewayFrame[] = [];
  /** Query strings the bot connected to the gateway with. */
  readonly connections: string[] = [];
  /** Interaction ids whose callback is refused as Discord does once the 3-second window has passed. */
  readonly expired = new Set<string>();
  /** When set, GET /gateway/bot answers 401 as Discord does for a wrong token. */
  rejectToken = false;
  private readonly server = http.createServer((req, res) => void this.onRequest(req, res));
  private readonly wss = new WebSocketServer({ server: this.server, path: '/gateway' });
  /** The identified session of each shard. */
  private readonly sessions = new Map<number, WebSocket>();
  private seq = 0;
  private waiters: Array<{ match: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }> = [];
  private identifyWaiters: Array<(frame: GatewayFrame) => void> = [];

  private constructor(readonly shards: number) {
    this.wss.on('connection', (socket, req) => this.onConnection(socket, req));
  }

  static async start(options: { shards?: number } = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options.shards ?? 1);
    fake.server.listen(0, '127.0.0.1');
    await once(fake.server, 'listening');
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** What DISCORD_API_BASE should be. */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** Resolves with the IDENTIFY frame (at once if it already came). */
  identified(): Promise<GatewayFrame> {
    const done = this.received.find((f) => f.op === 2);
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => this.identifyWaiters.push(resolve));
  }

  /** Resolves with the first recorded (or future) REST request that matches. */
  waitForRequest(match: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    const done = this.requests.find(match);
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('FakeDiscord: timed out waiting for a request')), timeoutMs);
      this.waiters.push({
        match,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
    });
  }

  /** Every IDENTIFY the bot sent, in order. */
  identifies(): GatewayFrame[] {
    return this.received.filter((f) => f.op === 2);
  }

  /** The shard Discord delivers a guild's events on (DMs: shard 0). */
  shardOf(guildId: string | undefined): number {
    return guildId === undefined ? 0 : Number((BigInt(guildId) >> 22n) % BigInt(this.shards));
  }

  /** Whether `shard` has a live, identified session. */
  connected(shard: number): boolean {
    return this.sessions.get(shard)?.readyState === 1;
  }

  /** Sends INTERACTION_CREATE on the shard that owns its guild and resolves with the bot's callback for it. */
  async interact(interaction: { id: string; guild_id?: string }, timeoutMs = 5000): Promise<RecordedRequest> {
    const shard = this.shardOf(interaction.guild_id);
    const socket = this.sessions.get(shard);
    if (!socket || socket.readyState !== 1) throw new Error(`FakeDiscord: shard ${shard} is not connected`);
    socket.send(JSON.stringify({ op: 0, t: 'INTERACTION_CREATE', s: ++this.seq, d: interaction }));
    return this.waitForRequest((r) => r.method === 'POST' && r.path.startsWith(`/api/v10/interactions/${interaction.id}/`), timeoutMs);
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onConnection(socket: WebSocket, req: http.IncomingMessage): void {
    this.connections.push(new URL(req.url ?? '/', 'http://x').search);
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    socket.on('close', () => {
      for (const [shard, session] of this.sessions) if (session === socket) this.sessions.delete(shard);
    });
    socket.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as GatewayFrame;
      this.received.push(frame);
      if (frame.op === 1) socket.send(JSON.stringify({ op: 11 }));
      if (frame.op === 2) {
        const shard = frame.d?.shard as [number, number] | undefined;
        if (!shard && this.shards > 1) return socket.close(4011, 'Sharding required');
        const [id, count] = shard ?? [0, 1];
        if (count !== this.shards || !Number.isInteger(id) || id < 0 || id >= count) return socket.close(4010, 'Invalid shard');
        if (this.connected(id)) return socket.close(4005, 'Already authenticated');
        this.sessions.set(id, socket);
        socket.send(
          JSON.stringify({
            op: 0,
            t: 'READY',
            s: ++this.seq,
            d: {
              v: 10,
              user: BOT_USER,
              guilds: [],
              session_id: `fake-session-${id}`,
              resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway`,
              shard: [id, count],
              application: { id: APP_ID, flags: 0 },
            },
          }),
        );
        for (const resolve of this.identifyWaiters.splice(0)) resolve(frame);
      }
    });
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      // discord.js percent-encodes '@original'; record paths as Discord's docs spell them.
      path: decodeURIComponent(url.pathname),
      query: url.search,
      authorization: req.headers.authorization,
      body: text ? JSON.parse(text) : undefined,
    };
    this.requests.push(record);
    const reply = (status: number, body?: unknown) => {
      res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const p = record.path;
    if (record.method === 'GET' && p === '/api/v10/gateway/bot' && this.rejectToken) {
      reply(401, { message: '401: Unauthorized', code: 0 });
    } else if (record.method === 'GET' && p === '/api/v10/gateway/bot') {
      reply(200, {
        url: `ws://127.0.0.1:${this.port}/gateway`,
        shards: this.shards,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      });
    } else if (record.method === 'POST' && /^\/api\/v10\/interactions\/\d+\/[^/]+\/callback$/.test(p)) {
      if (this.expired.has(p.split('/')[4]!)) reply(404, { message: 'Unknown interaction', code: 10062 });
      else reply(204);
    } else if (/^\/api\/v10\/webhooks\/\d+\/[^/]+(\/messages\/[^/]+)?$/.test(p) && ['POST', 'PATCH'].includes(record.method)) {
      reply(200, fakeMessage(record.body));
    } else if (record.method === 'PUT' && /^\/api\/v10\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(p)) {
      reply(200, (record.body as object[]).map((c, i) => ({ ...c, id: String(200000000000000000n + BigInt(i)), application_id: APP_ID, version: '1' })));
    } else {
      reply(404, { message: '404: Not Found', code: 0 });
    }
    for (const waiter of this.waiters.filter((w) => w.match(record))) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(record);
    }
  }
}

let snowflake = 300000000000000000n;
export function nextId(): string {
  snowflake += 1n;
  return String(snowflake);
}

/** A complete message object as Discord sends it (for button clicks and the context menu target). */
export function fakeMessage(data: { content?: string; embeds?: unknown[]; components?: unknown[] } = {}, author: object = BOT_USER) {
  return {
    id: nextId(),
    channel_id: CHANNEL_ID,
    author,
    content: data.content ?? '',
    timestamp: '2026-01-01T00:00:00.000000+00:00',
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: data.embeds ?? [],
    components: data.components ?? [],
    pinned: false,
    type: 0,
    flags: 0,
  };
}

export const GUILD_ID = '400000000000000001';
export const CHANNEL_ID = '400000000000000002';
export const USER = { id: '400000000000000003', username: 'reader', discriminator: '0', global_name: 'Reader', avatar: null };

/** An interaction payload in a guild text channel, as the gateway delivers it. */
export function interaction(type: 2 | 3 | 4, data: object, extra: object = {}) {
  const id = nextId();
  return {
    id,
    application_id: APP_ID,
    type,
    token: `interaction-token-${id}`,
    version: 1,
    guild_id: GUILD_ID,
    channel_id: CHANNEL_ID,
    channel: { id: CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: 'general' },
    member: { user: USER, roles: [], joined_at: '2025-01-01T00:00:00.000000+00:00', deaf: false, mute: false, permissions: '0', flags: 0 },
    app_permissions: '0',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': GUILD_ID },
    context: 0,
    attachment_size_limit: 8_388_608,
    data,
    ...extra,
  };
}

/** A chat-input command (`/name opt: value …`). */
export function slash(name: string, options: Array<{ name: string; type: number; value: unknown; focused?: boolean }>, type: 2 | 4 = 2) {
  return interaction(type, { id: nextId(), name, type: 1, options });
}
