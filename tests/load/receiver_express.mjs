// The Node receiver of the load test: Express, hookseal/express and a RedisReplayGuard.
//
// Started by tests/load/driver.py, never by hand. It reads its settings from the environment
// (the secret never travels on the command line, where `ps` would show it), listens on a free
// loopback port and prints `listening <port>` once it accepts connections. Every delivery whose
// handler runs appends its id, one per line, to HOOKSEAL_LOAD_LOG: the driver counts those
// lines, independently of Redis and of what the sender was answered. SIGTERM closes it.

import { closeSync, openSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';

import { Webhook } from '../../bindings-node/index.mjs';
import { webhookMiddleware } from '../../bindings-node/express.mjs';
import { RedisReplayGuard } from '../../bindings-node/redis.mjs';

// Express and node-redis are development dependencies of bindings-node: borrow them.
const requireNode = createRequire(new URL('../../bindings-node/package.json', import.meta.url));
const express = requireNode('express');
const { createClient } = requireNode('redis');

const { HOOKSEAL_LOAD_SECRET, HOOKSEAL_LOAD_REDIS_URL, HOOKSEAL_LOAD_LOG } = process.env;
const prefix = process.env.HOOKSEAL_LOAD_PREFIX ?? 'hookseal-load:';
const toleranceSeconds = Number(process.env.HOOKSEAL_LOAD_TOLERANCE_SECONDS ?? '1800');
if (!HOOKSEAL_LOAD_SECRET || !HOOKSEAL_LOAD_REDIS_URL || !HOOKSEAL_LOAD_LOG) {
  console.error(
    'receiver_express.mjs: set HOOKSEAL_LOAD_SECRET, HOOKSEAL_LOAD_REDIS_URL, HOOKSEAL_LOAD_LOG',
  );
  process.exit(2);
}

const client = createClient({
  url: HOOKSEAL_LOAD_REDIS_URL,
  // Reconnect quickly after a Redis restart; the guard answers 503 until then.
  socket: { reconnectStrategy: (retries) => Math.min(50 * (retries + 1), 500) },
});
let redisErrors = 0;
// node-redis emits 'error' on every lost connection; without a listener the process would die.
client.on('error', () => {
  redisErrors += 1;
});
await client.connect();

const webhook = new Webhook(HOOKSEAL_LOAD_SECRET, { toleranceSeconds });
const guard = new RedisReplayGuard(client, { prefix });
const log = openSync(HOOKSEAL_LOAD_LOG, 'a');
let processed = 0;

const app = express();
app.post(
  '/webhook',
  express.raw({ type: '*/*' }),
  webhookMiddleware(webhook, { guard }),
  (req, res) => {
    const { id } = req.webhook;
    // Recorded before answering: a delivery counts as processed once its handler ran.
    writeSync(log, `${id}\n`);
    processed += 1;
    res.json({ ok: true, id });
  },
);

const server = app.listen(0, '127.0.0.1');
server.keepAliveTimeout = 30_000;
await new Promise((resolve, reject) => {
  server.once('listening', resolve);
  server.once('error', reject);
});
console.log(`listening ${server.address().port}`);

process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  closeSync(log);
  console.error(`receiver_express.mjs: processed ${processed}, redis client errors ${redisErrors}`);
  client.destroy();
  process.exit(0);
});
