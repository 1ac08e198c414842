/**
 * Each server its own articles through the gateway: the real `npm start` entry (a bot token set) against
 * the loopback Discord, interactions delivered as INTERACTION_CREATE, replies read from the callback and
 * webhook routes.
 */
import { deferredEdit, serverScenario, spawnBot, stopBot, waitFor, type Transport } from './serverScenario.js';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.FAKE.loopback-only-token-0123456789';

serverScenario({
  name: 'gateway',
  env: { SERVER_MAX_ARTICLES: '1', SERVER_MAX_ADDS_PER_HOUR: '3' },
  storageLimit: /^This server has 1 articles, the most it may hold \(1\)\. Nothing was added; remove one with `\/article remove` first\.$/,
  async start(env, discord): Promise<Transport> {
    const bot = spawnBot([], { ...env, DISCORD_TOKEN: TOKEN });
    await waitFor(() => bot.logs.find((l) => l.msg === 'ready'), `the bot to be ready; output:\n${bot.output()}`, 30_000);
    const body = (r: { body: any }) => {
      const { tts: _tts, enforce_nonce: _nonce, ...data } = r.body.data ?? {};
      return { type: r.body.type, data };
    };
    return {
      logs: bot.logs,
      output: bot.output,
      async send(payload) {
        return body(await discord.interact(payload));
      },
      async sendDeferred(payload) {
        const ack = body(await discord.interact(payload));
        return { ack, edit: await deferredEdit(discord, payload.token) };
      },
      stop: () => stopBot(bot),
    };
  },
});
