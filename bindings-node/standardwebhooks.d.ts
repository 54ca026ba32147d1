// Typings of `hookseal/standardwebhooks`: the surface of the `standardwebhooks` npm package
// (1.1), verified by hookseal. The differences are listed at the top of standardwebhooks.cjs.

import type { HeadersInput, WebhookErrorCode } from './index.js';

/**
 * A delivery did not verify: a header is missing or invalid, the timestamp is too old or too
 * new, or no signature matches.
 */
export declare class WebhookVerificationError extends Error {
  constructor(message: string, options?: { code?: WebhookErrorCode | null; cause?: unknown });
  readonly name: 'WebhookVerificationError';
  /** The hookseal error code, or null when the application threw the error. */
  readonly code: WebhookErrorCode | null;
}

/** The headers a Standard Webhooks delivery carries. */
export interface WebhookUnbrandedRequiredHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** Options of the `Webhook` constructor. */
export interface WebhookOptions {
  /** The secret is the key itself (a Latin-1 string or bytes), not base64. */
  format?: 'raw';
}

/** Options of `Webhook.verify`. */
export interface VerifyOptions {
  /** Whether to parse the verified body as JSON and return it; true by default. */
  jsonParse?: boolean;
}

/**
 * Verifies and signs Standard Webhooks deliveries for one endpoint; build it once and reuse
 * it.
 *
 * Security: verification is hookseal's. The timestamp must lie within five minutes of
 * `Date.now()` in either direction, and signatures are compared in constant time over the
 * decoded bytes.
 */
export declare class Webhook {
  /**
   * Keys a `whsec_` or raw base64 secret, or with `{ format: 'raw' }` the key itself.
   * @throws {Error} the secret is empty, or not a string without `format: 'raw'`.
   * @throws {import('./index.js').WebhookError} `invalid_secret`: not base64.
   */
  constructor(secret: string | Uint8Array, options?: WebhookOptions);
  /**
   * Verifies a delivery against `Date.now()`; returns the parsed JSON body, or undefined for
   * an empty body or `jsonParse: false`.
   * @throws {WebhookVerificationError} a header is missing or invalid, the timestamp is more
   *   than five minutes old or ahead, or no signature matches.
   * @throws {SyntaxError} with `jsonParse`, a verified body that is not JSON.
   */
  verify(
    payload: string | Uint8Array,
    headers: WebhookUnbrandedRequiredHeaders | HeadersInput,
    options?: VerifyOptions,
  ): unknown;
  /**
   * Signs a delivery; returns the `webhook-signature` header value.
   * @throws {import('./index.js').WebhookError} `malformed_header`: `msgId` is empty or
   *   longer than 256 bytes, or the time is before 1970 or too far ahead.
   */
  sign(msgId: string, timestamp: Date, payload: string | Uint8Array): string;
}

declare const standardwebhooks: {
  Webhook: typeof Webhook;
  WebhookVerificationError: typeof WebhookVerificationError;
};
export default standardwebhooks;
