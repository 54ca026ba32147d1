'use strict';

// `hookseal/redis`: a replay guard shared by several receiver processes, kept in Redis.
//
// `ReplayGuard` remembers deliveries in one process. When several processes (workers,
// containers, hosts) receive the same endpoint's deliveries, they need one shared memory:
// `RedisReplayGuard` on a node-redis (v4 or later) client. Each claim is one
// `SET key pending NX PX <ms>`, so exactly one process wins a delivery.
//
// A claim is pending until `confirm` marks the delivery processed (`SET key done XX KEEPTTL`,
// keeping the key's expiry). When SET NX finds the key set, the guard reads it (GET, a second
// round trip on this path only): `done`, or the value an older version wrote (`1`), is a
// replay; a pending claim, or none (released or expired in between), is GuardUnavailableError.
// A pending claim is in progress or orphaned: Redis ran its SET but the reply never arrived,
// so its process refused the delivery with a 503. The sender's retry is then refused with 503
// too until the first attempt confirms (then it is a replay) or the key expires (then a retry
// the sender signed again is accepted): an orphaned claim delays a delivery, never loses it.
//
// The core computes the key: 64 hex digits of a SHA-256 over the scheme name and the signed
// delivery id or, where the scheme signs no id, over the scheme name and the MAC of the signed
// content under the first secret (the matched signature when the first secret matched). It
// also computes how long the key must be remembered: until `timestamp + tolerance`, or
// `ttlSeconds` for schemes without a signed timestamp. This module only adds the prefix and
// talks to Redis. It mirrors the Python `hookseal.redis` module: same keys, same lifetimes,
// same messages, so both can share one database.

const { ReplayGuard, Verified } = require('./index.cjs');
const { WebhookError, wellFormedText } = require('./lib/api.cjs');

/** What keys start with unless `prefix` says otherwise. */
const DEFAULT_PREFIX = 'hookseal:';
/** How long the guard waits for Redis to answer one command, unless `timeoutMs` says otherwise. */
const DEFAULT_TIMEOUT_MS = 2000;

// The core's default lifetime for deliveries without a signed timestamp, read from the core
// rather than retyped.
const DEFAULT_TTL_SECONDS = new ReplayGuard({ capacity: 0 }).ttlSeconds;
const MAX_TTL_SECONDS = 0xffffffff;
// setTimeout's largest delay; longer ones fire at once.
const MAX_TIMEOUT_MS = 0x7fffffff;
// Redis refuses a PX whose deadline overflows its 64-bit millisecond clock. A delivery verifies
// only inside its tolerance (below 2**32 s), so its lifetime stays far below this cap unless
// `claim` is given a `now` far from the one `verify` used.
const MAX_PX_MILLISECONDS = 2 ** 62;
// The core's message for `replayed`, so that every guard reads the same.
const REPLAYED_MESSAGE = 'replayed: delivery already claimed';
// When a claim of the delivery is pending: in progress, or orphaned. The same as Python's.
const PENDING_MESSAGE =
  'replay guard unavailable: a claim of this delivery is pending (in progress, or its ' +
  'outcome was lost); retry later';
// What a claim writes, and what `confirm` overwrites it with. Python's guard writes `pending:`
// and a random per-claim token (so that a SET redis-py retried recognises itself): pending too.
const PENDING = 'pending';
const PENDING_TOKEN_PREFIX = 'pending:';
const DONE = 'done';
// What the timer of `#send` resolves to.
const EXPIRED = Symbol('expired');

// node-redis errors (matched by class name, so that this module needs no `redis` import) that
// mean the command never got an answer: the connection is closed, offline, broken or slow.
const UNREACHABLE = new Set([
  'AbortError',
  'ClientClosedError',
  'ClientOfflineError',
  'ConnectionTimeoutError',
  'DisconnectsClientError',
  'ReconnectStrategyError',
  'RootNodesUnavailableError',
  'SocketClosedUnexpectedlyError',
  'SocketTimeoutError',
  'TimeoutError',
]);

/**
 * The replay guard could not reach Redis, so the delivery was refused.
 *
 * Not a `WebhookError`: nothing is wrong with the delivery, and the sender should retry later
 * (the framework helpers answer 503). The Redis error is kept as `cause`; the message names
 * only its class, never addresses or credentials.
 */
class GuardUnavailableError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'GuardUnavailableError';
  }
}

/** Remembers verified deliveries in Redis, shared by every process that uses it. */
class RedisReplayGuard {
  #client;
  #prefix;
  #ttlSeconds;
  #timeoutMs;

  constructor(client, opts) {
    if (
      client === null ||
      (typeof client !== 'object' && typeof client !== 'function') ||
      typeof client.set !== 'function' ||
      typeof client.get !== 'function' ||
      typeof client.del !== 'function'
    ) {
      throw new TypeError('client must be a node-redis client (with set, get and del methods)');
    }
    const { prefix, ttlSeconds, timeoutMs } = options(opts);
    if (prefix !== undefined) {
      if (typeof prefix !== 'string') throw new TypeError('prefix must be a string');
      // node-redis would send a lone surrogate as U+FFFD, so that two prefixes shared keys.
      wellFormedText(prefix, 'prefix');
    }
    this.#client = client;
    this.#prefix = prefix ?? DEFAULT_PREFIX;
    // The same checks and messages as the in-memory `ReplayGuard`.
    // At least 1: 0 would remember a delivery without a signed timestamp for no time at all,
    // turning replay protection off for its scheme.
    this.#ttlSeconds = integerIn(ttlSeconds, 'ttlSeconds', DEFAULT_TTL_SECONDS, 1, MAX_TTL_SECONDS);
    this.#timeoutMs = integerIn(timeoutMs, 'timeoutMs', DEFAULT_TIMEOUT_MS, 1, MAX_TIMEOUT_MS);
  }

  /** What every key starts with. */
  get prefix() {
    return this.#prefix;
  }

  /** How long deliveries without a signed timestamp are remembered, in seconds. */
  get ttlSeconds() {
    return this.#ttlSeconds;
  }

  /** How long one command may wait for Redis, in milliseconds. */
  get timeoutMs() {
    return this.#timeoutMs;
  }

  /**
   * Records `verified`, claimed at `now` (Unix seconds; the clock by default).
   *
   * Exactly one claim of a delivery succeeds while it is remembered, in every process sharing
   * the Redis database and prefix. The claim is pending until `confirm`. A delivery whose
   * window has already closed needs no remembering: the claim resolves without a round trip.
   */
  async claim(verified, opts) {
    checkVerified(verified);
    const { now } = options(opts);
    const seconds = verified._replayTtlSeconds(this.#ttlSeconds, now);
    if (seconds === 0) return;
    const milliseconds = Math.min(seconds * 1000, MAX_PX_MILLISECONDS);
    const key = this.#prefix + verified._replayKey();
    // `{ NX, PX }` is the spelling every node-redis from v4 on understands (v5 added
    // `{ condition, expiration }` and keeps this one).
    const reply = await this.#send(
      (client) => client.set(key, PENDING, { NX: true, PX: milliseconds }),
      // The claim was refused as unavailable, yet Redis recorded it after all: forget it, or
      // the sender's retry of this refused delivery would be taken for a replay.
      (lateReply) => (isOk(lateReply) ? this.#client.del(key) : undefined),
    );
    if (isOk(reply)) return;
    if (reply !== null) {
      // Anything else (a legacy-mode or callback client, a queued MULTI) did not claim: refuse
      // rather than wave the delivery through.
      throw new TypeError(`unexpected reply to SET NX from the Redis client: ${describe(reply)}`);
    }
    const held = await this.#send((client) => client.get(key));
    if (isPending(held)) throw new GuardUnavailableError(PENDING_MESSAGE);
    throw new WebhookError('replayed', REPLAYED_MESSAGE);
  }

  /**
   * Marks a claimed delivery processed, so that a retry is refused as a replay rather than as
   * pending. The key keeps its expiry; confirming a delivery that is not claimed (never,
   * released or expired) does nothing. Rejects with GuardUnavailableError like `claim`; the
   * delivery was processed all the same, so its response must not fail.
   */
  async confirm(verified) {
    checkVerified(verified);
    const key = this.#prefix + verified._replayKey();
    await this.#send((client) => client.set(key, DONE, { XX: true, KEEPTTL: true }));
  }

  /** Forgets a claim, so that a retry is accepted; an unknown delivery does nothing. */
  async release(verified) {
    checkVerified(verified);
    const key = this.#prefix + verified._replayKey();
    await this.#send((client) => client.del(key));
  }

  /**
   * Sends one command and waits at most `timeoutMs` for its reply; every failure becomes a
   * GuardUnavailableError. `late` sees a reply that arrives after the guard gave up.
   */
  async #send(command, late = () => undefined) {
    const controller = new AbortController();
    // node-redis 5+ drops a command still waiting in its offline queue when the signal aborts,
    // so that a refused claim is not written once Redis comes back.
    const client =
      typeof this.#client.withAbortSignal === 'function'
        ? this.#client.withAbortSignal(controller.signal)
        : this.#client;
    let pending;
    try {
      pending = Promise.resolve(command(client));
    } catch (err) {
      throw unavailable(err);
    }
    let timer;
    const expired = new Promise((resolve) => {
      timer = setTimeout(resolve, this.#timeoutMs, EXPIRED);
    });
    let outcome;
    try {
      outcome = await Promise.race([pending, expired]);
    } catch (err) {
      throw unavailable(err);
    } finally {
      clearTimeout(timer);
    }
    if (outcome !== EXPIRED) return outcome;
    controller.abort();
    pending.then(late).catch(() => {});
    const waited = `no reply within ${this.#timeoutMs} ms`;
    throw new GuardUnavailableError(`replay guard unavailable: cannot reach Redis (${waited})`, {
      cause: new DOMException(`${waited} from Redis`, 'TimeoutError'),
    });
  }
}

function options(value) {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object') throw new TypeError('options must be an object');
  return value;
}

function integerIn(value, name, fallback, min, max) {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`${name} must be an integer`);
  }
  if (value < min || value > max) {
    throw new RangeError(`${name} must be between ${min} and ${max}`);
  }
  return value;
}

function checkVerified(verified) {
  if (!(verified instanceof Verified)) {
    throw new TypeError('verified must come from Webhook.verify()');
  }
}

/** Whether GET found a pending claim, or none at all (released or expired since SET NX). */
function isPending(held) {
  if (held === null || held === undefined) return true;
  const text = held instanceof Uint8Array ? Buffer.from(held).toString() : held;
  return typeof text === 'string' && (text === PENDING || text.startsWith(PENDING_TOKEN_PREFIX));
}

function isOk(reply) {
  return reply === 'OK' || (reply instanceof Uint8Array && Buffer.from(reply).toString() === 'OK');
}

function describe(value) {
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
}

/** The names of an error's class and its ancestors. */
function classNames(err) {
  const names = [];
  let proto = Object.getPrototypeOf(err);
  while (proto !== null) {
    const name = proto.constructor?.name;
    if (typeof name === 'string' && name !== '') names.push(name);
    proto = Object.getPrototypeOf(proto);
  }
  return names;
}

function unavailable(err) {
  const names = err !== null && typeof err === 'object' ? classNames(err) : [];
  // Only the class name: node-redis and socket messages carry addresses, and a URL may carry a
  // password. Plain socket errors (an `Error` with a code such as ECONNREFUSED) are named by
  // their code, which says more than their class.
  const code = typeof err?.code === 'string' && /^E[A-Z]+$/.test(err.code) ? err.code : null;
  const systemError = code !== null || typeof err?.syscall === 'string';
  const name = (names[0] === 'Error' && code) || (names[0] ?? typeof err);
  const unreachable =
    systemError || name === 'AggregateError' || names.some((n) => UNREACHABLE.has(n));
  const message = unreachable
    ? `replay guard unavailable: cannot reach Redis (${name})`
    : `replay guard unavailable: Redis failed the command (${name})`;
  return new GuardUnavailableError(message, { cause: err });
}

module.exports = { RedisReplayGuard, GuardUnavailableError, DEFAULT_PREFIX };
