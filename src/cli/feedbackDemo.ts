/**
 * `npm run feedback:demo -- --data DIR [--gold DIR]`: fills `DIR/bot.db` with votes cast the way Discord
 * would deliver them — signed interactions POSTed to the real HTTP endpoint on loopback — so that
 * `npm run feedback` has something true to report. The voters are stand-ins whose judgement is the gold
 * set: each gold file is asked in its own server, and a question gets 👍 when the bot's answer is the
 * gold answer (or it declined an unanswerable one), 👎 otherwise. Some voters click the wrong button
 * first and then change it, as people do. Articles come from `DIR/articles`; nothing outside DIR is written.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { openIndex } from '../index/openIndex.js';
import { silentLogger } from '../logger.js';
import { evaluateGold, readGoldSet } from '../qa/goldSet.js';
import { startHttp } from '../transports/http.js';
import { exitQuietlyOnBrokenPipe, readCommandLine } from './io.js';

const APP = '100000000000000001';

const USAGE = 'usage: npm run feedback:demo -- --data DIR [--gold DIR]   (DIR/articles is read, DIR/bot.db written)';

async function main(): Promise<number> {
  const args = readCommandLine({ options: { data: { type: 'string' }, gold: { type: 'string', default: 'data/gold' } } }, USAGE);
  if (typeof args === 'number') return args;
  const { values } = args;
  if (!values.data) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('hex');
  const index = await openIndex(values.data);
  const config = loadConfig({ DISCORD_PUBLIC_KEY: publicHex, HOST: '127.0.0.1', PORT: '0', DATA_DIR: values.data, COOLDOWN_MAX_REQUESTS: '0' });
  const http = await startHttp(config, { index, logger: silentLogger, handleProcessEvents: false });
  let snowflake = BigInt(Date.now() - 1_420_070_400_000) << 22n; // a Discord-like id, increasing
  const nextId = () => String(++snowflake);
  let questions = 0;
  let clicks = 0;
  try {
    const files = (await readdir(values.gold)).filter((f) => f.endsWith('.json')).sort();
    for (const [s, file] of files.entries()) {
      const guild = String(400000000000000001n + BigInt(s));
      const gold = evaluateGold(index, await readGoldSet(path.join(values.gold, file)));
      for (const [q, result] of gold.results.entries()) {
        const id = nextId();
        const asked = await post(http.url, privateKey, payload(id, guild, 'u0', { type: 2, data: { id: nextId(), name: 'ask', type: 1, options: [{ name: 'question', type: 3, value: result.gold.question }] } }));
        questions++;
        const message = { id: nextId(), channel_id: '1', content: '', embeds: asked.data.embeds, components: asked.data.components, author: { id: APP, username: 'bot', discriminator: '0' } };
        const verdict = result.correct ? 'up' : 'down';
        // One to three voters per question; every fourth question, the first voter changes their mind.
        for (let voter = 0; voter <= q % 3; voter++) {
          const user = `50000000000000000${voter}`;
          const buttons = voter === 0 && q % 4 === 3 ? [verdict === 'up' ? 'down' : 'up', verdict] : [verdict];
          for (const value of buttons) {
            const reply = await post(http.url, privateKey, payload(nextId(), guild, user, { type: 3, data: { component_type: 2, custom_id: `vote:${value}:${id}` }, message }));
            if (reply.data?.flags !== 64) throw new Error(`unexpected vote reply: ${JSON.stringify(reply)}`);
            clicks++;
          }
        }
      }
    }
  } finally {
    await http.stop();
  }
  process.stdout.write(`asked ${questions} gold questions through ${http.url}/interactions and clicked ${clicks} vote buttons; votes are in ${path.join(values.data, 'bot.db')}\n`);
  return 0;
}

function payload(id: string, guild: string, user: string, rest: object) {
  const member = { user: { id: user, username: `voter-${user.slice(-1)}`, discriminator: '0' }, roles: [], permissions: '0' };
  return { id, application_id: APP, token: `demo-${id}`, version: 1, guild_id: guild, channel: { id: '1', type: 0 }, member, ...rest };
}

async function post(url: string, key: KeyObject, body: object): Promise<any> {
  const text = JSON.stringify(body);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = sign(null, Buffer.from(timestamp + text), key).toString('hex');
  const response = await fetch(`${url}/interactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp },
    body: text,
  });
  if (!response.ok) throw new Error(`endpoint answered ${response.status}`);
  return response.json();
}

exitQuietlyOnBrokenPipe();
process.exitCode = await main();
