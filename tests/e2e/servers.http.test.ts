/**
 * Each server its own articles through the HTTP interactions endpoint: the real `npm start -- --http`
 * entry, signed requests over loopback, deferred replies edited in on the loopback Discord's webhook route.
 */
import { keyPair, post } from '../http/client.js';
import { deferredEdit, serverScenario, spawnBot, stopBot, waitFor, type Transport } from './serverScenario.js';

serverScenario({
  name: 'HTTP',
  // 1.6 KB of article text per server: the harbour article fits, a second one does not.
  env: { SERVER_MAX_ARTICLE_MB: '0.0016', SERVER_MAX_ADDS_PER_HOUR: '3' },
  storageLimit: /^That article would bring this server's articles to [\d.]+ KB, over its 1\.6 KB limit\. Nothing was added; remove an article with `\/article remove` first\.$/,
  async start(env, discord): Promise<Transport> {
    const app = keyPair();
    const bot = spawnBot(['--http'], { ...env, DISCORD_PUBLIC_KEY: app.publicHex, HOST: '127.0.0.1', PORT: '0' });
    const listening = await waitFor(() => bot.logs.find((l) => l.msg === 'listening'), `the endpoint to listen; output:\n${bot.output()}`, 30_000);
    await waitFor(() => bot.logs.find((l) => l.msg === 'index ready'), 'the index', 30_000);
    const base = String(listening.url).replace(/\/interactions$/, '');
    return {
      logs: bot.logs,
      output: bot.output,
      async send(payload) {
        const res = await post(base, app.privateKey, payload);
        if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.text}`);
        return res.json;
      },
      async sendDeferred(payload) {
        const ack = (await post(base, app.privateKey, payload)).json;
        return { ack, edit: await deferredEdit(discord, payload.token) };
      },
      stop: () => stopBot(bot),
    };
  },
});
