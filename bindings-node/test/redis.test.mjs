// hookseal/redis against a real redis-server (started by ./redis-server.mjs on a free
// loopback port): claims, lifetimes, prefixes, a race between processes, and outages.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { createClient } from 'redis';

import { Webhook, WebhookError } from '../index.mjs';
import { GuardUnavailableError, RedisReplayGuard } from '../redis.mjs';
import { startRedis } from './redis-server.mjs';

const require = createRequire(import.meta.url);

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const PENDING_MESSAGE =
  'replay guard unavailable: a claim of this delivery is pending (in progress, or its ' +
  'outcome was lost); retry later';
const T = 1_700_000_000;
const wh = new Webhook(SECRET);
const github = new Webhook('It\u2019s a Secret to Everybody', { scheme: 'github' });

/** A verified `standard` delivery with id `id`, signed at `timestamp`, verified at `now`. */
function delivery(id, { timestamp = T, now = timestamp } = {}) {
  const body = `{"id":"${id}"}`;
  return wh.verify(body, wh.sign(body, { id, timestamp }), { now });
}

/** A verified `github` delivery (no signed timestamp: the guard's ttlSeconds applies). */
function githubDelivery(body) {
  return github.verify(body, github.sign(body));
}

/** A connected node-redis client; socket errors are expected in the outage tests. */
async function connect(url, options = {}) {
  const client = createClient({ url, ...options });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Closes a client whatever its state, so that no reconnect timer keeps the test alive. */
function close(client) {
  try {
    client?.destroy();
  } catch {
    // Already closed.
  }
}

let server;
let client;

before(async () => {
  server = await startRedis();
  client = await connect(server.url);
});

after(async () => {
  close(client);
  await server?.stop();
});

test('the ESM and CommonJS entries export the same classes', async () => {
  const cjs = require('../redis.cjs');
  const esm = await import('../redis.mjs');
  assert.equal(esm.RedisReplayGuard, cjs.RedisReplayGuard);
  assert.equal(esm.GuardUnavailableError, cjs.GuardUnavailableError);
  assert.equal(esm.DEFAULT_PREFIX, 'hookseal:');
  assert.equal(esm.default, cjs);
  // Through the package's exports map, as users import it.
  assert.equal(require('hookseal/redis').RedisReplayGuard, RedisReplayGuard);
  assert.equal((await import('hookseal/redis')).RedisReplayGuard, RedisReplayGuard);
  // `replayed` is the core's WebhookError, the one `hookseal` exports.
  assert.equal(require('hookseal').WebhookError, WebhookError);
});

test('the constructor checks its arguments', () => {
  assert.throws(() => new RedisReplayGuard(), TypeError);
  assert.throws(() => new RedisReplayGuard(null), TypeError);
  assert.throws(() => new RedisReplayGuard({ set() {} }), {
    name: 'TypeError',
    message: 'client must be a node-redis client (with set, get and del methods)',
  });
  assert.throws(() => new RedisReplayGuard({ set() {}, del() {} }), TypeError);
  assert.throws(() => new RedisReplayGuard(client, { prefix: 1 }), {
    name: 'TypeError',
    message: 'prefix must be a string',
  });
  assert.throws(() => new RedisReplayGuard(client, { ttlSeconds: 1.5 }), {
    name: 'TypeError',
    message: 'ttlSeconds must be an integer',
  });
  assert.throws(() => new RedisReplayGuard(client, { ttlSeconds: '60' }), TypeError);
  for (const ttlSeconds of [-1, 2 ** 32]) {
    assert.throws(() => new RedisReplayGuard(client, { ttlSeconds }), {
      name: 'RangeError',
      message: 'ttlSeconds must be between 1 and 4294967295',
    });
  }
  assert.throws(() => new RedisReplayGuard(client, { timeoutMs: 0 }), RangeError);
  assert.throws(() => new RedisReplayGuard(client, { timeoutMs: 0.5 }), TypeError);
  assert.throws(() => new RedisReplayGuard(client, 'hookseal:'), TypeError);

  const guard = new RedisReplayGuard(client);
  assert.equal(guard.prefix, 'hookseal:');
  assert.equal(guard.ttlSeconds, 86_400);
  assert.equal(guard.timeoutMs, 2000);
  const custom = new RedisReplayGuard(client, { prefix: '', ttlSeconds: 1, timeoutMs: 50 });
  assert.deepEqual([custom.prefix, custom.ttlSeconds, custom.timeoutMs], ['', 1, 50]);
});

test('ttlSeconds is at least 1: 0 would turn replay protection off', () => {
  // github signs no timestamp: with 0, a push would be remembered for no time at all.
  assert.throws(() => new RedisReplayGuard(client, { ttlSeconds: 0 }), {
    name: 'RangeError',
    message: 'ttlSeconds must be between 1 and 4294967295',
  });
});

test('a prefix with a lone surrogate is a TypeError, not U+FFFD in the keys', () => {
  for (const prefix of ['\ud800:', 'app\udfff:']) {
    assert.throws(() => new RedisReplayGuard(client, { prefix }), {
      name: 'TypeError',
      message: 'prefix must be a well-formed string',
    });
  }
  assert.equal(new RedisReplayGuard(client, { prefix: '\ud83d\ude80:' }).prefix, '\ud83d\ude80:');
});

test('claim and release check their arguments', async () => {
  const guard = new RedisReplayGuard(client, { prefix: 'args:' });
  const message = 'verified must come from Webhook.verify()';
  await assert.rejects(guard.claim({ id: 'msg_1' }), { name: 'TypeError', message });
  await assert.rejects(guard.release(undefined), { name: 'TypeError', message });
  await assert.rejects(guard.claim(delivery('msg_args'), { now: '1' }), {
    name: 'TypeError',
    message: 'now must be an integer',
  });
  await assert.rejects(guard.claim(delivery('msg_args'), 5), TypeError);
  assert.deepEqual(await client.keys('args:*'), []);
});

test('a delivery is claimed once, refused as replayed, and claimable again after release', async () => {
  const guard = new RedisReplayGuard(client, { prefix: 'once:' });
  const verified = delivery('msg_once', { now: T + 5 });
  assert.equal(await guard.claim(verified, { now: T + 5 }), undefined);

  // Claimed, not yet confirmed: in progress (or orphaned), so the sender should retry.
  const pending = await guard.claim(verified, { now: T + 6 }).then(
    () => assert.fail('a pending delivery was claimed again'),
    (err) => err,
  );
  assert.ok(pending instanceof GuardUnavailableError);
  assert.ok(!(pending instanceof WebhookError));
  assert.equal(pending.message, PENDING_MESSAGE);
  assert.equal(pending.cause, undefined);

  assert.equal(await guard.confirm(verified), undefined);
  const replay = await guard.claim(verified, { now: T + 6 }).then(
    () => assert.fail('a replay was claimed'),
    (err) => err,
  );
  assert.ok(replay instanceof WebhookError);
  assert.equal(replay.name, 'WebhookError');
  assert.equal(replay.code, 'replayed');
  assert.equal(replay.message, 'replayed: delivery already claimed');

  assert.equal(await guard.release(verified), undefined);
  await guard.claim(verified, { now: T + 7 });
  await guard.confirm(verified);
  await assert.rejects(guard.claim(verified, { now: T + 8 }), { code: 'replayed' });

  // Releasing or confirming what was never claimed does nothing.
  const never = delivery('msg_never_claimed');
  await guard.release(never);
  await guard.confirm(never);
  assert.equal(await client.exists(`once:${never._replayKey()}`), 0);
  // Another delivery is another key.
  await guard.claim(delivery('msg_other'), { now: T });
  assert.equal((await client.keys('once:*')).length, 2);
});

test('keys are the prefix plus the core key, and lifetimes are the core lifetimes', async () => {
  const guard = new RedisReplayGuard(client, { prefix: 'myapp:hooks:', ttlSeconds: 1234 });

  // standard: remembered until timestamp + tolerance (+1 s, the core's rounding), from now.
  const now = T + 10;
  const verified = delivery('msg_ttl', { now });
  const key = `myapp:hooks:${verified._replayKey()}`;
  assert.match(key, /^myapp:hooks:[0-9a-f]{64}$/);
  await guard.claim(verified, { now });
  assert.equal(await client.get(key), 'pending');
  const expected = (T + wh.toleranceSeconds + 1 - now) * 1000;
  assert.equal(verified._replayTtlSeconds(1234, now) * 1000, expected);
  assertNear(await client.pTTL(key), expected);
  // Confirming marks it done and keeps its expiry.
  await guard.confirm(verified);
  assert.equal(await client.get(key), 'done');
  assertNear(await client.pTTL(key), expected);

  // github signs no timestamp: remembered for ttlSeconds.
  const push = githubDelivery('{"zen":"Keep it logically awesome."}');
  const pushKey = `myapp:hooks:${push._replayKey()}`;
  await guard.claim(push);
  assertNear(await client.pTTL(pushKey), 1234 * 1000);

  assert.deepEqual((await client.keys('myapp:hooks:*')).sort(), [key, pushKey].sort());
  assert.deepEqual(await client.keys('hookseal:*'), []);

  // The default prefix, with the core's default lifetime.
  const plain = new RedisReplayGuard(client);
  const other = githubDelivery('{"zen":"Design for failure."}');
  await plain.claim(other);
  assertNear(await client.pTTL(`hookseal:${other._replayKey()}`), 86_400 * 1000);
  await plain.release(other);
  assert.deepEqual(await client.keys('hookseal:*'), []);
});

test('confirm keeps the remaining lifetime of the claim', async () => {
  const guard = new RedisReplayGuard(client, { prefix: 'keepttl:' });
  // A real clock here: PTTL counts down from the claim.
  const body = '{"keepttl":true}';
  const verified = wh.verify(body, wh.sign(body, { id: 'msg_keepttl' }));
  const key = `keepttl:${verified._replayKey()}`;
  await guard.claim(verified);
  const before = await client.pTTL(key);
  await guard.confirm(verified);
  const after = await client.pTTL(key);
  assert.ok(after <= before && after > before - 1000, `PTTL ${before} ms became ${after} ms`);
  assert.equal(await client.get(key), 'done');
});

test('what a refused claim found: done or a legacy value is a replay, pending is not', async () => {
  const guard = new RedisReplayGuard(client, { prefix: 'found:' });
  const cases = [
    ['done', 'replayed'],
    // What older versions wrote: the Node guard `1`, the Python guard a bare token.
    ['1', 'replayed'],
    ['fedcba9876543210fedcba9876543210', 'replayed'],
    // Pending: this guard's value, and the Python guard's (with its per-claim token).
    ['pending', 'pending'],
    ['pending:fedcba9876543210fedcba9876543210', 'pending'],
  ];
  for (const [n, [value, expected]] of cases.entries()) {
    const verified = delivery(`msg_found_${n}`);
    await client.set(`found:${verified._replayKey()}`, value, { PX: 60_000 });
    const err = await guard.claim(verified, { now: T }).then(assert.fail, (e) => e);
    if (expected === 'replayed') {
      assert.equal(err.code, 'replayed', value);
    } else {
      assert.ok(err instanceof GuardUnavailableError, value);
      assert.equal(err.message, PENDING_MESSAGE);
    }
  }
});

test('an orphaned claim is refused as pending until it expires, then claimed once', async () => {
  const guard = new RedisReplayGuard(client, { prefix: 'orphan:' });
  // Redis ran a claim's SET, but its reply was lost: the key says pending, and nobody will
  // confirm or release it. Written here as that SET would have, with a short lifetime.
  const verified = delivery('msg_orphan');
  const key = `orphan:${verified._replayKey()}`;
  await client.set(key, 'pending', { PX: 300 });
  // Every retry is refused as unavailable (503), never as replayed (200: the sender stops).
  for (let i = 0; i < 3; i += 1) {
    await assert.rejects(guard.claim(verified, { now: T }), GuardUnavailableError);
  }
  await waitFor(async () => (await client.exists(key)) === 0, 3000);
  // Expired: the sender's next retry is accepted, processed and confirmed.
  await guard.claim(verified, { now: T });
  await guard.confirm(verified);
  await assert.rejects(guard.claim(verified, { now: T }), { code: 'replayed' });
});

function assertNear(pttl, expectedMs) {
  assert.ok(
    pttl <= expectedMs && pttl > expectedMs - 1000,
    `PTTL ${pttl} ms is not within 1 s below ${expectedMs} ms`,
  );
}

test('a delivery whose window has closed writes nothing and needs no Redis', async () => {
  const guard = new RedisReplayGuard(client, { prefix: 'zero:' });
  // The window of a standard delivery has closed: nothing to remember.
  const late = delivery('msg_zero');
  const closedAt = T + wh.toleranceSeconds + 1;
  assert.equal(late._replayTtlSeconds(guard.ttlSeconds, closedAt), 0);
  await guard.claim(late, { now: closedAt });
  await guard.claim(late, { now: closedAt });
  assert.deepEqual(await client.keys('zero:*'), []);

  // No round trip: a closed client is never asked.
  const closed = createClient({ url: server.url });
  const offline = new RedisReplayGuard(closed, { ttlSeconds: 1 });
  await offline.claim(late, { now: closedAt });
  await assert.rejects(offline.claim(late, { now: T }), GuardUnavailableError);
  // github signs no timestamp: even the shortest lifetime is remembered, so Redis is asked.
  await assert.rejects(offline.claim(githubDelivery('{"zero":true}')), GuardUnavailableError);
});

test('two processes racing for the same 500 deliveries: each is won exactly once', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hookseal-race-'));
  let children = [];
  try {
    const ids = Array.from({ length: 500 }, (_, i) => `msg_race_${i}`);
    const deliveries = ids.map((id) => {
      const body = JSON.stringify({ id, n: id.length });
      return { body, headers: wh.sign(body, { id, timestamp: T }) };
    });
    const input = join(dir, 'deliveries.json');
    writeFileSync(input, JSON.stringify({ url: server.url, secret: SECRET, now: T, deliveries }));

    children = [0, 1].map(() => raceChild(input));
    // Both have verified everything and connected: start them together, at one clock time.
    await Promise.all(children.map((child) => child.ready));
    const startAt = Date.now() + 100;
    for (const child of children) child.go(startAt);
    const results = await Promise.all(children.map((child) => child.result));
    t.diagnostic(`won: ${results.map((r) => r.won.length).join(' and ')}`);

    const winners = new Map();
    for (const [n, { won, replayed, failed }] of results.entries()) {
      assert.deepEqual(failed, [], `process ${n} failed claims`);
      assert.deepEqual([...won, ...replayed].sort(), [...ids].sort());
      for (const id of won) {
        assert.ok(!winners.has(id), `${id} was won by both processes`);
        winners.set(id, n);
      }
    }
    assert.equal(winners.size, ids.length);
    assert.equal((await client.keys('race:*')).length, ids.length);
  } finally {
    for (const child of children) child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

// A receiver process: its own client and guard; verifies every delivery, says `ready`, waits
// for the start time on stdin, claims them all, and prints what it won and lost.
const RACE_CHILD = `
import { readFileSync } from 'node:fs';
import { createClient } from 'redis';
import { Webhook } from ${JSON.stringify(new URL('../index.mjs', import.meta.url).href)};
import { RedisReplayGuard } from ${JSON.stringify(new URL('../redis.mjs', import.meta.url).href)};

const { url, secret, now, deliveries } = JSON.parse(readFileSync(process.argv[1], 'utf8'));
const wh = new Webhook(secret);
const verified = deliveries.map(({ body, headers }) => wh.verify(body, headers, { now }));
// Each process takes the deliveries in its own random order, as receivers behind a load
// balancer would, so that both win some and many claims meet head-on.
for (let i = verified.length - 1; i > 0; i -= 1) {
  const j = Math.floor(Math.random() * (i + 1));
  [verified[i], verified[j]] = [verified[j], verified[i]];
}
const client = createClient({ url });
client.on('error', () => {});
await client.connect();
const guard = new RedisReplayGuard(client, { prefix: 'race:' });
try {
  process.stdout.write('ready\\n');
  const startAt = Number(await new Promise((resolve) => process.stdin.once('data', resolve)));
  await new Promise((resolve) => setTimeout(resolve, startAt - Date.now()));
  // Four workers each claim one delivery at a time, like concurrent requests, so that the
  // two processes' claims interleave in Redis.
  const result = { won: [], replayed: [], failed: [] };
  let next = 0;
  const worker = async () => {
    while (next < verified.length) {
      const v = verified[next++];
      try {
        await guard.claim(v, { now });
        result.won.push(v.id);
        await guard.confirm(v);
      } catch (err) {
        // Replayed once the winner confirmed, pending before that.
        const pending = err.name === 'GuardUnavailableError' && /pending/.test(err.message);
        if (err.code === 'replayed' || pending) result.replayed.push(v.id);
        else result.failed.push(v.id + ': ' + err);
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  process.stdout.write(JSON.stringify(result) + '\\n');
} finally {
  client.destroy();
  process.stdin.destroy();
}
`;

function raceChild(input) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', RACE_CHILD, input], {
    // `redis` resolves from the package folder, as in the test.
    cwd: new URL('..', import.meta.url),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr += chunk;
  });
  // 'close', not 'exit': stdout is read to its end first.
  const exited = new Promise((resolve) => child.once('close', resolve));
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.startsWith('ready\n')) resolve();
    });
    exited.then((code) => reject(new Error(`race child exited early (${code}):\n${stderr}`)));
  });
  const result = exited.then((code) => {
    assert.equal(code, 0, `race child failed:\n${stderr}`);
    return JSON.parse(stdout.slice('ready\n'.length));
  });
  // Whichever is not awaited after a failure must not become an unhandled rejection.
  ready.catch(() => {});
  result.catch(() => {});
  return {
    ready,
    result,
    go: (startAt) => child.stdin.write(`${startAt}\n`),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

test('when Redis goes away, claims fail with GuardUnavailableError, and recover after', async () => {
  const throwaway = await startRedis();
  const { port } = throwaway;
  const at = { now: T };
  let restarted;
  // A client that fails at once while disconnected, and one with node-redis's defaults, which
  // queues commands until it reconnects: the guard's timeout bounds the wait.
  const failFast = await connect(throwaway.url, { disableOfflineQueue: true });
  const queueing = await connect(throwaway.url);
  let fresh;
  try {
    const fastGuard = new RedisReplayGuard(failFast, { prefix: 'outage:' });
    const slowGuard = new RedisReplayGuard(queueing, { prefix: 'outage:', timeoutMs: 250 });
    for (let i = 0; i < 5; i += 1) {
      await fastGuard.claim(delivery(`msg_up_${i}`), at);
      await fastGuard.confirm(delivery(`msg_up_${i}`));
    }
    await assert.rejects(slowGuard.claim(delivery('msg_up_0'), at), { code: 'replayed' });

    await throwaway.stop();

    let started = Date.now();
    const fast = await fastGuard.claim(delivery('msg_down_fast'), at).then(
      () => assert.fail('claimed without Redis'),
      (err) => err,
    );
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
    assert.ok(fast instanceof GuardUnavailableError);
    assert.ok(!(fast instanceof WebhookError));
    assert.equal(fast.name, 'GuardUnavailableError');
    assert.equal(fast.code, undefined);
    assert.match(fast.message, /^replay guard unavailable: cannot reach Redis \(\w+\)$/);
    assert.ok(fast.cause instanceof Error);
    assert.doesNotMatch(fast.message, new RegExp(`127\\.0\\.0\\.1|${port}`));

    started = Date.now();
    const slow = await slowGuard.claim(delivery('msg_down_slow'), at).then(
      () => assert.fail('claimed without Redis'),
      (err) => err,
    );
    const waited = Date.now() - started;
    assert.ok(waited >= 240 && waited < 2500, `took ${waited} ms`);
    assert.ok(slow instanceof GuardUnavailableError);
    assert.equal(
      slow.message,
      'replay guard unavailable: cannot reach Redis (no reply within 250 ms)',
    );
    assert.equal(slow.cause.name, 'TimeoutError');

    await assert.rejects(fastGuard.release(delivery('msg_up_0')), GuardUnavailableError);

    // Back on the same port (empty: the throwaway server keeps nothing).
    restarted = await startRedis({ port });
    fresh = await connect(restarted.url);
    const freshGuard = new RedisReplayGuard(fresh, { prefix: 'outage:' });
    await freshGuard.claim(delivery('msg_down_fast'), at);
    await freshGuard.confirm(delivery('msg_down_fast'));
    await assert.rejects(freshGuard.claim(delivery('msg_down_fast'), at), { code: 'replayed' });
    await freshGuard.claim(delivery('msg_up_0'), at);

    // The queueing client reconnects by itself. The claim it gave up on was dropped from its
    // queue, not written late (the four SETs are freshGuard's: three claims and a confirm), so
    // the sender's retry is not taken for a replay.
    await waitFor(() => queueing.isReady);
    assert.equal(await queueing.ping(), 'PONG');
    const stats = await fresh.info('commandstats');
    assert.match(stats, /^cmdstat_set:calls=4,/m);
    assert.doesNotMatch(stats, /^cmdstat_del:/m);
    await slowGuard.claim(delivery('msg_down_slow'), at);
  } finally {
    close(fresh);
    close(failFast);
    close(queueing);
    await throwaway.stop();
    await restarted?.stop();
  }
});

test('a claim answered after the timeout is released again', async () => {
  const paused = await connect(server.url);
  try {
    const guard = new RedisReplayGuard(client, { prefix: 'late:', timeoutMs: 100 });
    const verified = delivery('msg_late');
    // Redis holds write commands for 600 ms: SET is sent, its reply arrives too late.
    await paused.sendCommand(['CLIENT', 'PAUSE', '600', 'WRITE']);
    await assert.rejects(guard.claim(verified, { now: T }), {
      name: 'GuardUnavailableError',
      message: 'replay guard unavailable: cannot reach Redis (no reply within 100 ms)',
    });
    await waitFor(async () => (await client.keys('late:*')).length === 0, 3000);
    // So the retry is accepted.
    await guard.claim(verified, { now: T });
  } finally {
    close(paused);
  }
});

test('a command Redis refuses is GuardUnavailableError, not a replay', async () => {
  const throwaway = await startRedis();
  const full = await connect(throwaway.url);
  try {
    await full.configSet({ maxmemory: '1', 'maxmemory-policy': 'noeviction' });
    const guard = new RedisReplayGuard(full);
    const err = await guard.claim(delivery('msg_oom'), { now: T }).then(
      () => assert.fail('claimed on a full Redis'),
      (e) => e,
    );
    assert.ok(err instanceof GuardUnavailableError);
    assert.equal(err.message, 'replay guard unavailable: Redis failed the command (SimpleError)');
    assert.match(err.cause.message, /^OOM /);
  } finally {
    close(full);
    await throwaway.stop();
  }
});

test('odd clients fail closed, and messages never carry addresses', async () => {
  const verified = delivery('msg_stub');
  const stub = (set) => ({ set, get: set, del: set });

  // A client that answers SET NX with neither OK nor null did not claim.
  for (const reply of [undefined, true, 1, 'QUEUED']) {
    const guard = new RedisReplayGuard(stub(async () => reply));
    await assert.rejects(guard.claim(verified, { now: T }), {
      name: 'TypeError',
      message: /^unexpected reply to SET NX from the Redis client: /,
    });
  }
  // RESP replies mapped to Buffers still count.
  await new RedisReplayGuard(stub(async () => Buffer.from('OK'))).claim(verified, { now: T });

  // A raw socket error: named by its code, without the address in its message.
  const refused = Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:6379'), {
    code: 'ECONNREFUSED',
    syscall: 'connect',
  });
  for (const set of [
    async () => {
      throw refused;
    },
    () => {
      throw refused;
    },
  ]) {
    const guard = new RedisReplayGuard(stub(set));
    const err = await guard.claim(verified, { now: T }).then(assert.fail, (e) => e);
    assert.ok(err instanceof GuardUnavailableError);
    assert.equal(err.message, 'replay guard unavailable: cannot reach Redis (ECONNREFUSED)');
    assert.equal(err.cause, refused);
    await assert.rejects(guard.release(verified), {
      name: 'GuardUnavailableError',
      message: 'replay guard unavailable: cannot reach Redis (ECONNREFUSED)',
    });
    await assert.rejects(guard.confirm(verified), {
      name: 'GuardUnavailableError',
      message: 'replay guard unavailable: cannot reach Redis (ECONNREFUSED)',
    });
  }

  // Nor does a password in the URL of a client that never connected.
  const nowhere = await startRedis();
  await nowhere.stop();
  const secretUrl = `redis://default:hunter2@127.0.0.1:${nowhere.port}`;
  const unconnected = createClient({ url: secretUrl, socket: { reconnectStrategy: false } });
  unconnected.on('error', () => {});
  try {
    await assert.rejects(unconnected.connect(), /ECONNREFUSED/);
    const err = await new RedisReplayGuard(unconnected)
      .claim(verified, { now: T })
      .then(assert.fail, (e) => e);
    assert.ok(err instanceof GuardUnavailableError);
    assert.equal(err.message, 'replay guard unavailable: cannot reach Redis (ClientClosedError)');
    assert.doesNotMatch(`${err.message} ${err.stack}`, /hunter2|127\.0\.0\.1/);
  } finally {
    close(unconnected);
  }
});

async function waitFor(condition, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail('condition not met in time');
    await sleep(20);
  }
}
