// Reproducer: a Redis restart orphans claims; the Node `RedisReplayGuard` must not lose their
// deliveries. The twin of orphaned_claims.py.
//
// Sixteen concurrent loops claim fresh deliveries through one `RedisReplayGuard` (and confirm
// each, as the Express middleware does once the response finished) against a `redis-server`
// that keeps its keys across a restart (appendonly, fsync always). Redis is stopped with
// SIGTERM (by pid) in the middle. A claim whose SET Redis executed in its last moments, but
// whose reply it never sent, rejects with `GuardUnavailableError`: the middleware answers 503
// and the sender retries. Its key stays behind, pending: an orphaned claim.
//
// Once Redis is back, each refused delivery is retried as its sender would: signed again with
// the same id and a fresh timestamp, then claimed. The invariant: no retry is ever refused as
// a replay (answered 200, the sender would stop and the delivery be lost). A retry of an
// orphaned claim is refused with `GuardUnavailableError` (503) until the key expires, at the
// first signature's timestamp + tolerance (10 s here); then a retry is claimed, and the
// delivery processed once.
//
// Exit status 0 when the invariant holds (whether or not this run orphaned a claim), 1 when a
// retry was refused as a replay or never claimed. From the repository root:
//
//   node tests/load/orphaned_claims.mjs

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Webhook, generateSecret } from '../../bindings-node/index.mjs';
import { GuardUnavailableError, RedisReplayGuard } from '../../bindings-node/redis.mjs';

const requireNode = createRequire(new URL('../../bindings-node/package.json', import.meta.url));
const { createClient } = requireNode('redis');

const LOOPS = 16;
// An orphaned claim lives until the first signature's timestamp + this (plus up to two seconds
// of rounding), so the retries below wait for it.
const TOLERANCE_SECONDS = 10;
const port = await freePort();
const dir = mkdtempSync(join(tmpdir(), 'hookseal-orphans-'));
let server = await startRedis();
const client = createClient({ url: `redis://127.0.0.1:${port}` });
client.on('error', () => {});
await client.connect();
const guard = new RedisReplayGuard(client);
const webhook = new Webhook(generateSecret(), { toleranceSeconds: TOLERANCE_SECONDS });
/** The sender's send: the delivery signed now, with its id. */
const signed = ({ id, body }) => webhook.verify(body, webhook.sign(body, { id }));
const refused = [];
const orphaned = [];
const replayed = [];
let claimed = 0;
let unconfirmed = 0;
let claimedAtOnce = 0;
let claimedAfterExpiry = 0;
let refusedAgain = 0;
let waiting = [];

/** Claims a retry: 'claimed' (and confirms it), 'pending' or 'replayed'. */
async function claimRetry(delivery) {
  const verified = signed(delivery);
  try {
    await guard.claim(verified);
  } catch (err) {
    if (err instanceof GuardUnavailableError) return 'pending';
    if (err?.code === 'replayed') return 'replayed';
    throw err;
  }
  await guard.confirm(verified);
  return 'claimed';
}

try {
  const loops = Array.from({ length: LOOPS }, async (_, loop) => {
    for (let n = 0; ; n += 1) {
      const delivery = { id: `msg_orphans_${loop}_${n}`, body: JSON.stringify({ loop, n }) };
      const verified = signed(delivery);
      try {
        await guard.claim(verified);
      } catch (err) {
        if (!(err instanceof GuardUnavailableError)) throw err;
        refused.push(delivery);
        return;
      }
      claimed += 1;
      try {
        await guard.confirm(verified);
      } catch (err) {
        if (!(err instanceof GuardUnavailableError)) throw err;
        // Processed and answered all the same (the middleware only warns): the sender does not
        // retry it. Its claim stays pending until it expires.
        unconfirmed += 1;
        return;
      }
    }
  });
  await sleep(500);
  await stopRedis(server);
  await Promise.all(loops);
  server = await startRedis();
  // node-redis reconnects by itself; wait until it has.
  while (!client.isReady) await sleep(20);
  for (const delivery of refused) {
    const outcome = await claimRetry(delivery);
    if (outcome === 'claimed') claimedAtOnce += 1;
    else if (outcome === 'pending')
      orphaned.push(delivery); // its SET ran, its reply was lost
    else replayed.push(delivery.id);
  }
  // Retry the orphaned ones every half second until each is claimed, as a sender's backoff
  // would; none may be refused as a replay meanwhile.
  const deadline = Date.now() + (TOLERANCE_SECONDS + 10) * 1000;
  waiting = [...orphaned];
  while (waiting.length > 0 && Date.now() < deadline) {
    await sleep(500);
    const still = [];
    for (const delivery of waiting) {
      const outcome = await claimRetry(delivery);
      if (outcome === 'claimed') claimedAfterExpiry += 1;
      else if (outcome === 'pending') {
        refusedAgain += 1;
        still.push(delivery);
      } else replayed.push(delivery.id);
    }
    waiting = still;
  }
} finally {
  client.destroy();
  await stopRedis(server);
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `claimed before the stop: ${claimed} (${unconfirmed} of them not confirmed); refused as ` +
    `unavailable: ${refused.length}; of those, once Redis was back: claimed at once ` +
    `${claimedAtOnce}, pending (orphaned claims) ${orphaned.length}, refused as replayed ` +
    `${replayed.length}; orphaned deliveries claimed once their claim expired: ` +
    `${claimedAfterExpiry} (after ${refusedAgain} more 503s; ${waiting.length} never claimed)`,
);
if (replayed.length > 0 || waiting.length > 0) {
  console.log('FAILED: a retry was refused as a replay, or never claimed: a lost delivery');
  process.exitCode = 1;
} else {
  process.exitCode = 0;
}

async function startRedis() {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir].concat([
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
    ]),
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 250; i += 1) {
    if (await ping()) return child;
    await sleep(20);
  }
  child.kill('SIGKILL');
  throw new Error('redis-server did not start');
}

function stopRedis(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

function ping() {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.setTimeout(500, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => {
      socket.destroy();
      resolve(String(chunk).startsWith('+PONG'));
    });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port: found } = probe.address();
      probe.close(() => resolve(found));
    });
  });
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
