// Typings of `hookseal/express` (Node only: the wasm build has no Express helper).

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Verified, Webhook } from './index.js';

/**
 * A replay guard the middleware claims with: `ReplayGuard` from `hookseal`,
 * `RedisReplayGuard` from `hookseal/redis`, or any object with the same methods. `claim`,
 * `release` and `confirm` may return a promise; it is awaited.
 */
export interface ReplayGuardLike {
  /** Records `verified`; throws (or rejects with) `WebhookError` `replayed` or `guard_full`. */
  claim(verified: Verified): void | PromiseLike<void>;
  /** Forgets the claim of `verified`. */
  release(verified: Verified): void | PromiseLike<void>;
  /**
   * Marks the claim of `verified` processed, when the handler succeeded (optional; the
   * in-memory `ReplayGuard` has none). A failure is reported as a process warning only.
   */
  confirm?(verified: Verified): void | PromiseLike<void>;
}

/** Options of `webhookMiddleware`. */
export interface WebhookMiddlewareOptions {
  /** Refuses deliveries already processed; none by default. */
  guard?: ReplayGuardLike | null;
}

/** The codes in the JSON body of a refused delivery: `{ "error": code }`. */
export type WebhookRefusalCode =
  | 'missing_header'
  | 'malformed_header'
  | 'signature_mismatch'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'replayed'
  | 'guard_full'
  | 'guard_unavailable'
  | 'body_parsed'
  | 'body_too_large'
  | 'unsupported_encoding';

/** An Express (or Connect) middleware; `req.webhook` is set before `next()` is called. */
export type WebhookMiddleware = (
  req: IncomingMessage & { body?: unknown; webhook?: Verified },
  res: ServerResponse,
  next: (err?: unknown) => void,
) => void;

/**
 * Builds an Express middleware that verifies a delivery before the route's handler runs.
 *
 * ```js
 * app.post('/webhooks', express.raw({ type: '*\/*' }), webhookMiddleware(wh, { guard }),
 *   (req, res) => res.json({ id: req.webhook.id }));
 * ```
 *
 * The handler reads the `Verified` delivery from `req.webhook` and the raw body, a `Buffer`,
 * from `req.body`. The middleware verifies `req.body` with the request's headers at the
 * clock's time and claims the delivery with `guard` if one is given.
 *
 * Refused deliveries never reach the handler. They are answered with the JSON body
 * `{"error": "<code>"}`: 400 for `missing_header` and `malformed_header`; 401 for
 * `signature_mismatch`, `timestamp_too_old` and `timestamp_too_new`; 200 for `replayed` (the
 * sender already got it processed); 503 for `guard_full`, and 503 with
 * `{"error": "guard_unavailable"}` when `guard.claim` throws or rejects with anything else
 * (Redis cannot be reached, for example), so that the sender retries later.
 *
 * The body: mount `express.raw({ type: '*\/*' })` (any content type) before the
 * middleware. If a JSON, text or urlencoded parser ran first, the raw bytes the signature
 * covers are gone: the middleware answers 500 `{"error": "body_parsed", "message": ...}`
 * with a message that says so, rather than a misleading `signature_mismatch`. If no parser
 * read the body (none is mounted, or `express.raw()` skipped the content type), the
 * middleware reads it itself with `express.raw()`'s defaults: at most 100 KiB (else 413
 * `body_too_large`) and uncompressed only (else 415 `unsupported_encoding`); mount
 * `express.raw` with a `limit` for more. Both answers carry a `message`.
 *
 * Release on failure: Express does not show a middleware what the handler throws, so the
 * claim is released when the response ends with a status of 500 or more (a handler that
 * throws, rejects or calls `next(err)` is answered 500 by Express's final handler, or by
 * yours) or when the connection closes before the response ends (the sender gave up; it
 * will retry). A handler that answers below 500 keeps the claim, and once its response has
 * finished the middleware confirms it if the guard has `confirm` (`RedisReplayGuard`), so
 * that a retry is answered 200 `replayed`; until then a duplicate is answered 503
 * `guard_unavailable` (its claim is pending), and the sender retries it. A failed confirm is
 * a process warning (`HOOKSEAL_CONFIRM_FAILED`) and changes no response. Keep handlers quick
 * (acknowledge, then queue the work), so that duplicates wait little.
 *
 * @param wh the endpoint's `Webhook`.
 * @param options `guard`: `ReplayGuard`, `RedisReplayGuard`, or any `ReplayGuardLike`.
 * @throws {TypeError} `wh` is not a Webhook, or `guard` lacks `claim` or `release`.
 *
 * Security: verification uses the clock; keep it in sync (NTP). Responses carry only the code
 * (and fixed guidance for the integration mistakes), never the secret, a signature or an
 * exception's message. A header sent twice is `malformed_header`.
 */
export declare function webhookMiddleware(
  wh: Webhook,
  options?: WebhookMiddlewareOptions,
): WebhookMiddleware;

declare const express: { webhookMiddleware: typeof webhookMiddleware };
export default express;

declare global {
  namespace Express {
    interface Request {
      /** The delivery `webhookMiddleware` verified (on routes that mount it). */
      webhook?: Verified;
    }
  }
}
