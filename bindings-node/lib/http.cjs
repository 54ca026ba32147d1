'use strict';

// What the framework helpers share: the status and body for each code, and the claim flow.
// The JavaScript sibling of bindings-python/python/hookseal/_http.py. It loads no web
// framework and no Node built-in, so that any helper (Express today, others over
// `Webhook.verifyRequest`) can use it.

const { WebhookError, isErrorCode } = require('./api.cjs');

/**
 * The body code when a guard's `claim` threw or rejected with anything that is not a
 * `WebhookError` (a Redis guard that cannot reach Redis, for example). It is not a
 * `WebhookError` code: the core never throws it; the helpers detect it themselves.
 */
const GUARD_UNAVAILABLE = 'guard_unavailable';

/**
 * The body code when the request body reached the helper already parsed (a JSON, text or
 * urlencoded parser ran first), so that its raw bytes, which the signature covers, are gone.
 */
const BODY_PARSED = 'body_parsed';

/** The body code when the helper reads the body itself and it is larger than its limit. */
const BODY_TOO_LARGE = 'body_too_large';

/** The body code when the helper reads the body itself and it is compressed. */
const UNSUPPORTED_ENCODING = 'unsupported_encoding';

// API.md, "Framework helpers", the same table as _http.py. `replayed` is 200 so that the
// sender stops retrying a delivery that was already processed; 503 asks the sender to retry
// later. The last three are the Express helper's own: integration mistakes and bodies it
// will not read, answered the way `express.raw()` would (500 for a misconfigured app).
const STATUS = Object.freeze({
  missing_header: 400,
  malformed_header: 400,
  signature_mismatch: 401,
  timestamp_too_old: 401,
  timestamp_too_new: 401,
  replayed: 200,
  guard_full: 503,
  [GUARD_UNAVAILABLE]: 503,
  [BODY_PARSED]: 500,
  [BODY_TOO_LARGE]: 413,
  [UNSUPPORTED_ENCODING]: 415,
});

/**
 * A delivery is refused; the helper answers `errorBody(code, message)` with `status`.
 * `message` is guidance for the developer (set only for the helper's own codes), never an
 * exception's message.
 */
class Refusal extends Error {
  constructor(code, message) {
    super(code);
    this.name = 'Refusal';
    this.code = code;
    this.status = statusFor(code);
    this.detail = message;
  }
}

/**
 * The HTTP status that answers a refused delivery: 400 for `missing_header` and
 * `malformed_header`; 401 for `signature_mismatch`, `timestamp_too_old` and
 * `timestamp_too_new`; 200 for `replayed`; 503 for `guard_full` and `guard_unavailable`;
 * 500 for any other code (none occurs while verifying).
 */
function statusFor(code) {
  return Object.prototype.hasOwnProperty.call(STATUS, code) ? STATUS[code] : 500;
}

/**
 * The JSON body of a refused delivery: `{ error: code }`, plus `message` when given.
 *
 * Security: only the code (and the helper's fixed guidance), never the secret, a signature
 * or an exception's message.
 */
function errorBody(code, message) {
  return message === undefined ? { error: code } : { error: code, message };
}

/**
 * Whether `err` is a WebhookError with one of the core's codes. Duck-typed as well as
 * `instanceof`, because a guard may come from another copy of hookseal in node_modules, whose
 * class is a different object. Any other code (an unrelated error that happens to be named
 * WebhookError) is not one: its code must not become the answer's status and body.
 */
function isWebhookError(err) {
  if (err === null || typeof err !== 'object' || !isErrorCode(err.code)) return false;
  return err instanceof WebhookError || err.name === 'WebhookError';
}

/** Throws a TypeError unless `guard` is null/undefined or has `claim` and `release`. */
function checkGuard(guard) {
  if (guard === undefined || guard === null) return;
  if (
    typeof guard !== 'object' ||
    typeof guard.claim !== 'function' ||
    typeof guard.release !== 'function'
  ) {
    throw new TypeError(
      'guard must be a ReplayGuard, a RedisReplayGuard, or an object with claim(verified) ' +
        'and release(verified)',
    );
  }
}

/**
 * Verifies a delivery at the clock's time.
 * Throws a Refusal with the WebhookError's code; anything else propagates unchanged.
 */
function verify(wh, body, headers) {
  try {
    return wh.verify(body, headers);
  } catch (err) {
    if (isWebhookError(err)) throw new Refusal(err.code);
    throw err;
  }
}

/**
 * Claims `verified` with a synchronous guard (`ReplayGuard`) or one whose `claim` returns a
 * promise (`RedisReplayGuard`); a thenable result is awaited.
 * Rejects with a Refusal: `replayed` or `guard_full`; `guard_unavailable` if the guard threw
 * anything that is not a WebhookError (the delivery is refused, never waved through).
 */
async function claim(guard, verified) {
  try {
    await guard.claim(verified);
  } catch (err) {
    if (isWebhookError(err)) throw new Refusal(err.code);
    // Only the error's type: a Redis error's message could carry the server's address, a
    // password from its URL, or the key (a SHA-256 digest of the delivery's signed id or MAC).
    warn(
      `replay guard unavailable (${typeName(err)}); answering 503 so that the sender retries`,
      'HOOKSEAL_GUARD_UNAVAILABLE',
    );
    throw new Refusal(GUARD_UNAVAILABLE);
  }
}

/**
 * Confirms a claim after the handler succeeded, if the guard has a `confirm` method (the Redis
 * guard; the in-memory `ReplayGuard` has none, its claims are never left pending), so that a
 * retry of the delivery is answered as replayed. Never rejects: the delivery was processed and
 * its response stands, so a failure is only reported as a warning.
 */
async function confirm(guard, verified) {
  if (typeof guard.confirm !== 'function') return;
  try {
    await guard.confirm(verified);
  } catch (err) {
    warn(
      `could not confirm a replay claim (${typeName(err)}); the delivery was processed, but a ` +
        'retry of it will be answered 503 until the claim expires',
      'HOOKSEAL_CONFIRM_FAILED',
    );
  }
}

/**
 * Releases a claim after the handler failed, so that the sender's retry is accepted.
 * Never rejects: a failure to release is reported as a warning, since the handler's failure
 * is the one that matters.
 */
async function release(guard, verified) {
  try {
    await guard.release(verified);
  } catch (err) {
    warn(
      `could not release a replay claim (${typeName(err)}); a retry of the delivery will be ` +
        'answered as replayed until the claim expires',
      'HOOKSEAL_RELEASE_FAILED',
    );
  }
}

/** A process warning (`process.on('warning')`, silenced by `--no-warnings`), or the console. */
function warn(message, code) {
  const proc = globalThis.process;
  if (proc !== undefined && typeof proc.emitWarning === 'function') {
    proc.emitWarning(`hookseal: ${message}`, { type: 'HooksealWarning', code });
  } else {
    console.warn(`hookseal: ${message}`);
  }
}

function typeName(err) {
  if (err === null || typeof err !== 'object') return typeof err;
  const ctor = err.constructor;
  return typeof ctor === 'function' && ctor.name ? ctor.name : 'object';
}

module.exports = {
  BODY_PARSED,
  BODY_TOO_LARGE,
  GUARD_UNAVAILABLE,
  UNSUPPORTED_ENCODING,
  Refusal,
  checkGuard,
  claim,
  confirm,
  errorBody,
  isWebhookError,
  release,
  statusFor,
  verify,
  warn,
};
