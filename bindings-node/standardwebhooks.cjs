'use strict';

// The `standardwebhooks` npm package's `Webhook`, verified by hookseal's core.
//
// Migrating is one line:
//
//   // import { Webhook, WebhookVerificationError } from 'standardwebhooks';
//   import { Webhook, WebhookVerificationError } from 'hookseal/standardwebhooks';
//
//   const wh = new Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
//   const payload = wh.verify(rawBody, req.headers); // the parsed JSON
//
// The surface is that of `standardwebhooks` 1.1: `new Webhook(secret, { format })` with a
// `whsec_` or raw base64 string, or with `{ format: 'raw' }` the key itself as a string or a
// Uint8Array; `verify(payload, headers, { jsonParse })` returning the parsed JSON (undefined
// for an empty body or `jsonParse: false`); `sign(msgId, timestamp, payload)` returning the
// `webhook-signature` value; `WebhookVerificationError` for every delivery that does not
// verify, with the same messages; a plain `Error` with the same message for an empty secret, a
// secret that is not a string, and a payload that is neither a string nor bytes. Like
// `standardwebhooks`, it reads the clock with `Date.now()`, so fake timers apply to both. A
// delivery that one accepts, the other accepts too, except where the differences below say
// otherwise.
//
// Differences (each one refuses input that `standardwebhooks` mishandles, or accepts input it
// refuses for no security reason):
//
// - `WebhookVerificationError` also carries `code`, the hookseal error code (`missing_header`,
//   `malformed_header`, `timestamp_too_old`, `timestamp_too_new`, `signature_mismatch`), and
//   has the hookseal `WebhookError` as its `cause`. The `key` is not exposed.
// - Secrets are strict base64 (standard alphabet, padded or not): a length that leaves one
//   character over, which `standardwebhooks` silently drops (another key), is refused with a
//   hookseal `WebhookError` of code `invalid_secret`, as are other strings that are not base64
//   (`standardwebhooks`: `Error("Base64Coder: ...")`). Secrets shorter than four characters,
//   which `standardwebhooks` refuses as "incorrect padding", are accepted. A raw string secret
//   (`format: 'raw'`) is read as Latin-1 as before, but a character above U+00FF is refused
//   (`invalid_secret`) instead of being cut to its low byte.
// - Timestamps are decimal digits only (at most 12, no sign, no leading zero).
//   `standardwebhooks` reads them with `parseInt`, so `1614265330.5`, `+1614265330`,
//   `01614265330` and `1614265330abc` verified as `1614265330`, and `1e400` or `-5` were
//   "Message timestamp too old"; here all of these are "Invalid Signature Headers".
// - Signature lists: an entry with two commas (`v1,<sig>,junk`, which `standardwebhooks`
//   accepted by reading up to the second comma) or a value that is not padded base64 is
//   skipped. A header without any usable `v1` entry (only `v2`, no comma, unpadded) is
//   "Invalid Signature Headers" (`standardwebhooks`: "No matching signature found").
// - Header values are trimmed of surrounding spaces and tabs, as HTTP servers do, and an id
//   longer than 256 bytes, a signature header longer than 8,192 bytes or with more than 64
//   entries is "Invalid Signature Headers". Header names match in any case, as before, but a
//   name given twice in different cases is "Invalid Signature Headers" instead of the last one
//   winning. Values must be strings (a `TypeError` otherwise). `headers` may also be a WHATWG
//   `Headers` or Node's `IncomingHttpHeaders` with array values (`standardwebhooks` saw no
//   headers in a `Headers` and threw a `TypeError` on arrays). As in
//   `standardwebhooks`, only the `webhook-*` headers are read; for Svix's `svix-*` headers,
//   use hookseal's `Webhook`, which reads both.
// - The body is verified as bytes, and any Uint8Array is accepted besides Buffer. A body that
//   is not UTF-8 verifies (`standardwebhooks` decoded it with replacement characters first, so
//   its signature never matched); with `jsonParse: false` the result is undefined, otherwise
//   the strict UTF-8 decoding throws a `TypeError`. `sign` likewise signs a Buffer's bytes,
//   so its output differs from `standardwebhooks`' only for a Buffer that is not UTF-8.
// - `sign` refuses what no verifier accepts: an empty `msgId` or one longer than 256 bytes,
//   or a time before 1970 or past 999999999999 seconds (a hookseal `WebhookError` of code
//   `malformed_header`), and an invalid `Date` (a `TypeError`; `standardwebhooks` signed
//   `NaN`). `msgId` must be a string.
// - A string payload or `msgId` holding a lone surrogate (not well-formed UTF-16) is a
//   `TypeError`, as is such a base64 secret: `standardwebhooks` encoded the payload and id with
//   U+FFFD, so that different strings signed and verified as the same bytes.
//
// For secret rotation, replay protection, the `Verified` metadata or other schemes, use
// hookseal's `Webhook` directly.

const hookseal = require('./index.cjs');

const SECRET_PREFIX = 'whsec_';

// `standardwebhooks` reads only the `webhook-*` headers. Naming them overrides the base's
// header names, which drops hookseal's `svix-*` fallback, so the same requests verify.
const SCHEME = hookseal.Scheme.standard({
  signatureHeader: 'webhook-signature',
  idHeader: 'webhook-id',
  timestampHeader: 'webhook-timestamp',
});

// The messages `standardwebhooks` throws, by hookseal code.
const MESSAGES = {
  missing_header: 'Missing required headers',
  malformed_header: 'Invalid Signature Headers',
  timestamp_too_old: 'Message timestamp too old',
  timestamp_too_new: 'Message timestamp too new',
  signature_mismatch: 'No matching signature found',
};

// Strict, and keeping a byte order mark, as `Buffer#toString` did: JSON.parse refuses it.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A delivery did not verify: a header is missing or invalid, the timestamp is too old or too
 * new, or no signature matches. `code` is the hookseal error code, or null when the
 * application threw it.
 */
class WebhookVerificationError extends Error {
  constructor(message, options) {
    const { code, cause } = options ?? {};
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'WebhookVerificationError';
    this.code = code ?? null;
  }
}

/** Verifies and signs Standard Webhooks deliveries for one endpoint; build it once. */
class Webhook {
  #inner;

  constructor(secret, options) {
    let key;
    if (options?.format === 'raw') {
      if (secret instanceof Uint8Array) {
        key = secret;
      } else if (typeof secret === 'string') {
        key = latin1(secret);
      } else {
        throw new TypeError('Expected secret to be of type string or Uint8Array');
      }
      if (key.length === 0) throw new Error("Secret can't be empty.");
    } else {
      if (typeof secret !== 'string') {
        throw new Error('Expected secret to be of type string');
      }
      const material = secret.startsWith(SECRET_PREFIX)
        ? secret.slice(SECRET_PREFIX.length)
        : secret;
      if (material.length === 0) throw new Error("Secret can't be empty.");
      key = secret;
    }
    this.#inner = new hookseal.Webhook(key, { scheme: SCHEME });
  }

  /**
   * Verifies a delivery against `Date.now()`; returns the parsed JSON body, or undefined for
   * an empty body or `jsonParse: false`.
   */
  verify(payload, headers, options) {
    checkPayload(payload);
    try {
      // The clock `standardwebhooks` reads, so that tests with fake timers keep passing.
      this.#inner.verify(payload, headers, { now: Math.floor(Date.now() / 1000) });
    } catch (err) {
      if (err instanceof hookseal.WebhookError && Object.hasOwn(MESSAGES, err.code)) {
        throw new WebhookVerificationError(MESSAGES[err.code], { code: err.code, cause: err });
      }
      throw err;
    }
    if (payload.length === 0 || !(options?.jsonParse ?? true)) return undefined;
    return JSON.parse(typeof payload === 'string' ? payload : UTF8.decode(payload));
  }

  /** Signs a delivery; returns the `webhook-signature` header value. */
  sign(msgId, timestamp, payload) {
    checkPayload(payload);
    // hookseal would pick a random id for a missing one, a signature nobody could check.
    if (typeof msgId !== 'string') throw new TypeError('msgId must be a string');
    const seconds = Math.floor(timestamp.getTime() / 1000);
    return this.#inner.sign(payload, { id: msgId, timestamp: seconds })['webhook-signature'];
  }
}

/** The bytes of a raw string secret: one per character, as `standardwebhooks` read it. */
function latin1(secret) {
  const key = new Uint8Array(secret.length);
  for (let i = 0; i < secret.length; i += 1) {
    const unit = secret.charCodeAt(i);
    if (unit > 0xff) {
      throw new hookseal.WebhookError(
        'invalid_secret',
        'invalid secret: a raw secret string may hold only characters up to U+00FF',
      );
    }
    key[i] = unit;
  }
  return key;
}

function checkPayload(payload) {
  if (typeof payload !== 'string' && !(payload instanceof Uint8Array)) {
    throw new Error('Expected payload to be of type string or Buffer.');
  }
}

module.exports = { Webhook, WebhookVerificationError };
