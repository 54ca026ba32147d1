// Typings of `hookseal/redis`: replay guards shared by several receiver processes, in Redis.
// Node only: the wasm build has no Redis guard.

import type { Verified } from './index.js';

/** What keys start with unless `prefix` says otherwise: `hookseal:`. */
export declare const DEFAULT_PREFIX: 'hookseal:';

/**
 * The part of a node-redis (v4 or later) client the guard uses: a `createClient()` or
 * `createCluster()` result. ioredis and callback (legacy mode) clients are not supported.
 */
export interface RedisClientLike {
  set(key: string, value: string, options: { NX: true; PX: number }): PromiseLike<unknown>;
  set(key: string, value: string, options: { XX: true; KEEPTTL: true }): PromiseLike<unknown>;
  get(key: string): PromiseLike<unknown>;
  del(key: string): PromiseLike<unknown>;
}

/** Options of `RedisReplayGuard`. */
export interface RedisReplayGuardOptions {
  /** What every key starts with; `hookseal:` by default. */
  prefix?: string;
  /**
   * How long deliveries without a signed timestamp are remembered, in seconds (1 to
   * 4294967295); 86,400 by default, as in `ReplayGuard`.
   */
  ttlSeconds?: number;
  /**
   * How long one command may wait for Redis's reply, in milliseconds (1 to 2147483647);
   * 2,000 by default. After that the call rejects with `GuardUnavailableError`.
   */
  timeoutMs?: number;
}

/**
 * The replay guard could not reach Redis (or Redis failed the command), so the delivery was
 * refused.
 *
 * Not a `WebhookError`: nothing is wrong with the delivery, and the sender should retry later
 * (answer 503, as the framework helpers do). `cause` is the client's error; the message names
 * only its class, never addresses or credentials.
 */
export declare class GuardUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown });
  readonly name: 'GuardUnavailableError';
}

/**
 * Remembers verified deliveries in Redis, shared by every process that uses the same database
 * and prefix (and by Python's `hookseal.redis` guards: keys and lifetimes are the same).
 *
 * Each claim is one `SET <prefix><key> pending NX PX <ms>`, so exactly one process wins a
 * delivery. The core computes the key (64 hex digits) and the lifetime: until
 * `timestamp + tolerance`, or `ttlSeconds` for schemes without a signed timestamp.
 *
 * # Pending and confirmed claims
 *
 * A claim is pending until `confirm` marks the delivery processed (`SET <key> done XX
 * KEEPTTL`: the expiry stays). A claim of a delivery already confirmed (or claimed by an older
 * version of this guard) is refused as `replayed`; a claim of a delivery whose claim is still
 * pending is refused with `GuardUnavailableError` (503 through the Express middleware), since
 * that claim is either in progress or orphaned: Redis ran its `SET` but the reply never
 * arrived, so its process refused the delivery too. The sender retries: once the first attempt
 * confirms, the retry is a replay; if the claim was orphaned, retries are refused until the key
 * expires, and then a retry the sender signed again (a fresh timestamp, as Standard Webhooks
 * senders do) is accepted and processed once. `webhookMiddleware` confirms after the handler's
 * response finished with a status below 500. Without `confirm`, replays are still refused for
 * the key's whole lifetime, with `GuardUnavailableError` rather than `replayed`. Needs Redis
 * 6.0 or later (`KEEPTTL`).
 *
 * # Security
 *
 * The guard fails closed: if Redis cannot be reached, `claim` rejects with
 * `GuardUnavailableError` and the delivery must be refused, never waved through.
 *
 * # Configuring the client
 *
 * - Call `await client.connect()` first, and listen for `'error'` on the client (node-redis
 *   emits socket errors there; without a listener Node exits).
 * - By default node-redis queues commands while it reconnects (forever), so a claim during an
 *   outage waits rather than fails. The guard gives up after `timeoutMs` in any case; for a
 *   refusal without waiting, create the client with `disableOfflineQueue: true` (commands
 *   fail at once while disconnected) and keep the default `reconnectStrategy`, so that the
 *   client comes back by itself when Redis does.
 * - A command that timed out may still reach Redis later. node-redis 5 and later drop it
 *   from the offline queue (the guard aborts it); if a timed-out claim is recorded anyway, the
 *   guard deletes it again, so that the sender's retry is not taken for a replay.
 *
 * @example
 * ```js
 * import { createClient } from 'redis';
 * import { Webhook } from 'hookseal';
 * import { RedisReplayGuard } from 'hookseal/redis';
 *
 * const client = createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true });
 * client.on('error', (err) => console.error('redis:', err.constructor.name));
 * await client.connect();
 * const wh = new Webhook(process.env.WEBHOOK_SECRET);
 * const guard = new RedisReplayGuard(client, { prefix: 'myapp:hooks:' });
 *
 * const verified = wh.verify(body, headers); // throws WebhookError
 * await guard.claim(verified);               // WebhookError `replayed`, GuardUnavailableError
 * try {
 *   await handle(body);
 * } catch (err) {
 *   await guard.release(verified);           // let the sender's retry through
 *   throw err;
 * }
 * await guard.confirm(verified);             // processed: a retry is now a replay
 * ```
 */
export declare class RedisReplayGuard {
  /**
   * A guard on `client`; the guard never connects or closes it.
   * @throws {TypeError} `client` has no `set`/`get`/`del` methods, `prefix` is not a well-formed
   *   string, or `ttlSeconds` / `timeoutMs` is not an integer.
   * @throws {RangeError} `ttlSeconds` or `timeoutMs` is out of range.
   */
  constructor(client: RedisClientLike, options?: RedisReplayGuardOptions);
  /**
   * Records `verified`, claimed at `now` (Unix seconds; the clock by default).
   *
   * Exactly one claim of a delivery succeeds while it is remembered, in every process
   * sharing the Redis database and prefix. The claim is pending until `confirm`. A delivery
   * whose window has already closed needs no remembering: the claim resolves without a round
   * trip.
   *
   * Rejects with `WebhookError` `replayed` when already claimed, confirmed and still
   * remembered; with `GuardUnavailableError` when another claim of it is pending (in progress,
   * or orphaned), or when Redis cannot be reached, fails the command or does not reply within
   * `timeoutMs` (refuse the delivery with 503, so that the sender retries); with `TypeError` for a `verified` that did not
   * come from `Webhook.verify()`, a `now` that is not an integer, or a client that answered
   * `SET NX` with neither `OK` nor null.
   */
  claim(verified: Verified, options?: { now?: number }): Promise<void>;
  /**
   * Marks a claimed delivery processed (`SET <key> done XX KEEPTTL`), so that a retry is
   * refused as `replayed` rather than as pending; the key keeps its expiry. Confirming a
   * delivery that is not claimed (never, released or expired) does nothing.
   *
   * Rejects with `GuardUnavailableError` like `claim`. The delivery was processed all the
   * same: do not fail its response (the Express middleware only warns); its claim stays
   * pending, and a retry is refused with `GuardUnavailableError` until it expires.
   */
  confirm(verified: Verified): Promise<void>;
  /**
   * Forgets a claim, so that a retry is accepted; an unknown delivery does nothing.
   *
   * Rejects with `GuardUnavailableError` like `claim`.
   */
  release(verified: Verified): Promise<void>;
  /** What every key starts with. */
  readonly prefix: string;
  /** How long deliveries without a signed timestamp are remembered, in seconds. */
  readonly ttlSeconds: number;
  /** How long one command may wait for Redis's reply, in milliseconds. */
  readonly timeoutMs: number;
}
