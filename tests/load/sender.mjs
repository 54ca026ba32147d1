// The sender of the load test: signs deliveries, sends them and their replays to two receivers
// over keep-alive HTTP, retries what the receivers ask it to retry, and writes what it saw.
//
// Started by tests/load/driver.py, never by hand. The secret comes from HOOKSEAL_LOAD_SECRET;
// everything else is on the command line:
//
//   node sender.mjs --receiver python=http://127.0.0.1:P1/webhook
//     --receiver node=http://127.0.0.1:P2/webhook --sends 100000 --replay-fraction 0.2
//     --concurrency 48 --seed 7 --run-id full --out summary.json
//
// `--sends` counts every delivery sent, replays included: with a fraction of 0.2, 80% are
// legitimate (each a new signed delivery with its own id) and 20% replays (the exact bytes and
// headers of an earlier delivery's first send, sent again, as a captured request would be). Each send goes to the receiver with fewer
// requests in flight, as a least-outstanding-requests load balancer would, so a replay lands
// on either receiver, often not the one that took the original; some replays are sent while
// their original is still in flight, so the two race for the claim.
//
// A delivery is signed when it is first sent, with the clock's timestamp. A 503 or a connection
// failure is retried with exponential backoff (with jitter) until it gets another answer or
// HOOKSEAL_LOAD_GIVE_UP_MS passes. A legitimate delivery's retry is signed again, with the same
// id and a fresh timestamp, as Standard Webhooks senders do; a replay is retried with its
// captured bytes unchanged (a replayer cannot sign). Any other answer is final: 200 with
// `{"ok": true}` means processed, 200 with `{"error": "replayed"}` refused as a replay, 401
// `timestamp_too_old` to a replay refused because its captured timestamp left the window (the
// replay's retries outlived it), and anything else a failure. Progress goes to stdout as `progress <done> <total>` lines; the
// summary, as JSON, to --out.

import { writeFileSync } from 'node:fs';
import http from 'node:http';

import { Webhook } from '../../bindings-node/index.mjs';

const args = parseArgs(process.argv.slice(2));
const secret = process.env.HOOKSEAL_LOAD_SECRET;
if (!secret) fail('set HOOKSEAL_LOAD_SECRET');
const receivers = args.receiver.map((spec, index) => {
  const at = spec.indexOf('=');
  if (at < 1) fail(`--receiver wants name=url, got ${spec}`);
  const url = new URL(spec.slice(at + 1));
  return {
    index,
    name: spec.slice(0, at),
    url,
    agent: new http.Agent({ keepAlive: true, maxSockets: Infinity }),
    inFlight: 0,
    stats: newStats(),
  };
});
if (receivers.length === 0) fail('give at least one --receiver');
const sends = integer(args.sends, '--sends');
const replayFraction = Number(args['replay-fraction'] ?? '0.2');
const concurrency = integer(args.concurrency ?? '48', '--concurrency');
const seed = integer(args.seed ?? '1', '--seed');
const runId = args['run-id'] ?? 'load';
const toleranceSeconds = integer(
  process.env.HOOKSEAL_LOAD_TOLERANCE_SECONDS ?? '1800',
  'HOOKSEAL_LOAD_TOLERANCE_SECONDS',
);
const giveUpMs = integer(
  process.env.HOOKSEAL_LOAD_GIVE_UP_MS ?? '60000',
  'HOOKSEAL_LOAD_GIVE_UP_MS',
);
const requestTimeoutMs = 15_000;
if (!args.out) fail('give --out');

const random = seededRandom(seed);
const replays = Math.round(sends * replayFraction);
const legitimate = sends - replays;
if (replays > legitimate) fail('--replay-fraction above 0.5 would replay a delivery twice');

// Bodies are made before the clock starts; each is signed when sent (`signed`), so that the
// timestamp is fresh even with the fault run's short tolerance. `captured` keeps the first
// signed send, which the replay sends again.
const webhook = new Webhook(secret, { toleranceSeconds });
const deliveries = [];
for (let n = 0; n < legitimate; n += 1) {
  const id = `msg_${runId}_${n}`;
  const body = JSON.stringify({ type: 'load.delivery', run: runId, n, amount: (n * 37) % 10_000 });
  deliveries.push({
    id,
    body,
    captured: null,
    replaySent: false,
    processedAnswers: 0,
    firstReceiver: -1,
    attempts: [],
  });
}

/** Headers for one send of `delivery`, signed now with its id. */
function signed(delivery) {
  const headers = webhook.sign(delivery.body, {
    id: delivery.id,
    timestamp: Math.floor(Date.now() / 1000),
  });
  headers['content-type'] = 'application/json';
  headers['content-length'] = String(Buffer.byteLength(delivery.body));
  return headers;
}

// The order of sends: every delivery at its own position, each replay some way after its
// original. One replay in ten follows almost at once (inside the window of requests in flight),
// the rest up to 4,000 positions later.
const order = deliveries.map((_, n) => ({ at: n, delivery: n, replay: false }));
for (const n of sample(legitimate, replays)) {
  const gap = random() < 0.1 ? random() * concurrency * 0.5 : 1 + random() * 4000;
  order.push({ at: n + gap, delivery: n, replay: true });
}
order.sort((a, b) => a.at - b.at);

const totals = {
  processed: 0,
  replayed: 0,
  failed: 0,
  gaveUp: 0,
  retries: 0,
  // Replays refused with 401 `timestamp_too_old`: retried (503) until the window of their
  // captured timestamp closed.
  replayExpired: 0,
  unavailable503: 0,
  // Of those, answered to the sends of legitimate deliveries (originals and their retries),
  // and to replays.
  unavailable503Originals: 0,
  unavailable503Replays: 0,
  // 503s to a legitimate delivery whose replay had not been sent yet: no duplicate could hold
  // its claim, so only a fault (or a lost claim) explains them.
  unavailable503Unpaired: 0,
  other503: 0,
  connectionErrors: 0,
  crossReceiverReplays: 0,
  // Wall-clock milliseconds of the first and the last 503 or connection error, so that the
  // driver can set them beside the moments it stopped and restarted Redis.
  firstRetryableAtMs: null,
  lastRetryableAtMs: null,
  failures: {},
};
// Each legitimate delivery whose sends were retried: wall-clock milliseconds of its first and
// last retryable answer and of its final answer, and that answer. The driver sets them beside
// the outage: one still refused well after Redis came back waited out an orphaned claim.
const retriedOriginals = [];
let next = 0;
let done = 0;
let reported = 0;
const step = Math.max(1, Math.floor(sends / 100));

const started = performance.now();
await Promise.all(Array.from({ length: Math.min(concurrency, order.length) }, worker));
const elapsedMs = performance.now() - started;

let duplicateAnswers = 0;
let unansweredDeliveries = 0;
let orphanedClaims = 0;
const isReplayed = (attempt) => attempt.endsWith(' replayed');
// What each send of a delivery answered processed twice or never was told, attempt by
// attempt, for the report (a few of them: enough to see the pattern).
const suspects = [];
for (const delivery of deliveries) {
  if (delivery.processedAnswers === 1) continue;
  if (delivery.processedAnswers > 1) duplicateAnswers += 1;
  else unansweredDeliveries += 1;
  // Refused as unavailable first, then as a replay, and never processed: the refused claim
  // was recorded after all (Redis ran the SET, its reply was lost) and outlived the refusal.
  const first = delivery.attempts[0] ?? '';
  const retryable = / (503|connection error)/.test(first);
  if (delivery.processedAnswers === 0 && retryable && delivery.attempts.some(isReplayed)) {
    orphanedClaims += 1;
  }
  if (suspects.length < 20) suspects.push({ id: delivery.id, attempts: delivery.attempts });
}
const summary = {
  runId,
  sends,
  legitimate,
  replays,
  concurrency,
  elapsedMs,
  ...totals,
  deliveriesAnsweredProcessedTwice: duplicateAnswers,
  deliveriesNeverAnsweredProcessed: unansweredDeliveries,
  orphanedClaims,
  retriedOriginals,
  receivers: receivers.map(({ name, stats }) => ({ name, ...finishStats(stats) })),
  suspects,
};
writeFileSync(args.out, `${JSON.stringify(summary, null, 2)}\n`);
for (const receiver of receivers) receiver.agent.destroy();

async function worker() {
  while (next < order.length) {
    const job = order[next];
    next += 1;
    await deliver(job);
    done += 1;
    if (done - reported >= step || done === order.length) {
      reported = done;
      process.stdout.write(`progress ${done} ${order.length}\n`);
    }
  }
}

/** Sends one job until it gets a final answer, and records that answer. */
async function deliver(job) {
  const delivery = deliveries[job.delivery];
  const firstTry = performance.now();
  let retried = null;
  for (let attempt = 0; ; attempt += 1) {
    const receiver = leastBusy();
    if (attempt === 0) {
      if (!job.replay) delivery.firstReceiver = receiver.index;
      else if (delivery.firstReceiver !== receiver.index) totals.crossReceiverReplays += 1;
    } else {
      totals.retries += 1;
    }
    // The original's retries are signed again; a replay sends the captured bytes.
    let headers;
    if (job.replay) {
      headers = delivery.captured;
      delivery.replaySent = true;
    } else {
      headers = signed(delivery);
      delivery.captured ??= headers;
    }
    const answer = await post(receiver, delivery, headers);
    if (answer.why?.startsWith('503 guard_unavailable')) {
      if (job.replay) totals.unavailable503Replays += 1;
      else totals.unavailable503Originals += 1;
      // A replay sent at once may reach a receiver and claim before its original does.
      if (!job.replay && !delivery.replaySent) totals.unavailable503Unpaired += 1;
    }
    const { stats } = receiver;
    // `original` or `replay`, the receiver, and the answer: `python replay 503`.
    delivery.attempts.push(
      `${job.replay ? 'replay' : 'original'} ${receiver.name} ${answer.retry ? answer.why : answer.kind}`,
    );
    if (answer.retry) {
      const now = Date.now();
      totals.firstRetryableAtMs ??= now;
      totals.lastRetryableAtMs = now;
      if (!job.replay) {
        retried ??= { id: delivery.id, firstMs: now, lastMs: now, finalMs: null, answer: null };
        retried.lastMs = now;
      }
      if (performance.now() - firstTry > giveUpMs) {
        totals.gaveUp += 1;
        if (retried !== null) retriedOriginals.push(retried);
        return;
      }
      await sleep(backoffMs(attempt));
      continue;
    }
    if (retried !== null) {
      retried.finalMs = Date.now();
      retried.answer = answer.kind;
      retriedOriginals.push(retried);
    }
    if (answer.kind === 'processed') {
      totals.processed += 1;
      stats.processed += 1;
      delivery.processedAnswers += 1;
    } else if (answer.kind === 'replayed') {
      totals.replayed += 1;
      stats.replayed += 1;
    } else if (job.replay && answer.kind === 'HTTP 401 timestamp_too_old') {
      totals.replayExpired += 1;
      stats.replayed += 1;
    } else {
      totals.failed += 1;
      stats.failed += 1;
      totals.failures[answer.kind] = (totals.failures[answer.kind] ?? 0) + 1;
    }
    return;
  }
}

/** One request; says whether to retry and, if not, what the answer meant. */
async function post(receiver, delivery, headers) {
  const { stats } = receiver;
  receiver.inFlight += 1;
  stats.requests += 1;
  const begun = performance.now();
  try {
    const { status, text } = await request(receiver, delivery, headers);
    stats.latencies.push(performance.now() - begun);
    const body = parseJson(text);
    if (status === 503) {
      if (body?.error === 'guard_unavailable') {
        totals.unavailable503 += 1;
        stats.unavailable503 += 1;
      } else {
        totals.other503 += 1;
        stats.other503 += 1;
      }
      return { retry: true, why: `503 ${body?.error}` };
    }
    if (status === 200 && body?.ok === true && body.id === delivery.id) {
      return { retry: false, kind: 'processed' };
    }
    if (status === 200 && body?.error === 'replayed') return { retry: false, kind: 'replayed' };
    return { retry: false, kind: `HTTP ${status} ${body?.error ?? text.slice(0, 40)}` };
  } catch (err) {
    totals.connectionErrors += 1;
    stats.connectionErrors += 1;
    return { retry: true, why: `connection error ${err.code ?? err.message}` };
  } finally {
    receiver.inFlight -= 1;
  }
}

function request(receiver, delivery, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      receiver.url,
      { method: 'POST', agent: receiver.agent, headers },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(requestTimeoutMs, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(delivery.body);
  });
}

/** The receiver with the fewest requests in flight; the lower index on a tie. */
function leastBusy() {
  let best = receivers[0];
  for (const receiver of receivers) if (receiver.inFlight < best.inFlight) best = receiver;
  // Alternate the winner of a tie, so that an idle start does not favour the first receiver.
  if (receivers.every((r) => r.inFlight === best.inFlight)) {
    return receivers[Math.floor(random() * receivers.length)];
  }
  return best;
}

function backoffMs(attempt) {
  const ceiling = Math.min(1000, 25 * 2 ** Math.min(attempt, 10));
  return ceiling / 2 + (random() * ceiling) / 2;
}

function newStats() {
  return {
    requests: 0,
    processed: 0,
    replayed: 0,
    failed: 0,
    unavailable503: 0,
    other503: 0,
    connectionErrors: 0,
    latencies: [],
  };
}

function finishStats({ latencies, ...counts }) {
  latencies.sort((a, b) => a - b);
  const at = (q) =>
    latencies.length === 0
      ? null
      : Number(
          latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(2),
        );
  return { ...counts, latencyMs: { p50: at(0.5), p99: at(0.99), max: at(1) } };
}

/** `count` distinct integers below `size`, in random order (a partial Fisher-Yates shuffle). */
function sample(size, count) {
  const pool = Array.from({ length: size }, (_, i) => i);
  for (let i = 0; i < count; i += 1) {
    const j = i + Math.floor(random() * (size - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, count);
}

/** A small seeded generator (a Weyl sequence through a murmur3-style mixer), so that a run's schedule can be repeated. */
function seededRandom(start) {
  let state = start >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return ((z ^ (z >>> 16)) >>> 0) / 2 ** 32;
  };
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function parseArgs(argv) {
  const parsed = { receiver: [] };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    const value = argv[i + 1];
    if (value === undefined) fail(`--${name} needs a value`);
    if (name === 'receiver') parsed.receiver.push(value);
    else parsed[name] = value;
  }
  return parsed;
}

function integer(text, name) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) fail(`${name} must be a whole number`);
  return value;
}

function fail(message) {
  console.error(`sender.mjs: ${message}`);
  process.exit(2);
}
