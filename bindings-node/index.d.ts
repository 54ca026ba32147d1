// Public typings of the `hookseal` npm package: the same for the Node addon and the wasm
// build (a TypeScript check assigns both modules to `HooksealModule`).

/** The stable codes a `WebhookError` carries, the same in every language. */
export type WebhookErrorCode =
  | 'guard_full'
  | 'invalid_scheme'
  | 'invalid_secret'
  | 'malformed_header'
  | 'missing_header'
  | 'replayed'
  | 'signature_mismatch'
  | 'timestamp_too_new'
  | 'timestamp_too_old';

/** A webhook could not be signed, verified or claimed; `code` says why. */
export declare class WebhookError extends Error {
  constructor(code: WebhookErrorCode, message: string);
  readonly name: 'WebhookError';
  readonly code: WebhookErrorCode;
}

/**
 * The raw request body; a string is encoded as UTF-8. Strings given to hookseal (bodies,
 * secrets, ids, scheme names and fields, the scheme's headers) must be well-formed UTF-16: a
 * lone surrogate is a `TypeError`, not silently replaced with U+FFFD.
 */
export type Body = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/** A secret: text decoded by the scheme's `secretEncoding`, or the raw key as bytes. */
export type SecretInput = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/**
 * Request headers: a plain object (values may be arrays of strings, as in Node's
 * `IncomingHttpHeaders`; `undefined` is absent), a WHATWG `Headers`, a `Map`, or any iterable
 * of `[name, value]` pairs (an array, a `Set`, a generator). Names match case-insensitively;
 * a header given twice is `malformed_header`. Other objects are a `TypeError`.
 */
export type HeadersInput =
  | Record<string, string | readonly string[] | undefined>
  | { entries(): Iterable<[string, string]>; get(name: string): string | null }
  | Iterable<readonly [string, string | readonly string[] | undefined]>;

/** The fields of a custom scheme (camelCase). */
export interface SchemeFields {
  /** Header that carries the signature (required unless `base` is given). */
  signatureHeader?: string;
  /** Text before the signature, such as `sha256=`. */
  prefix?: string;
  /** How the signature is written; `hex` by default. */
  encoding?: 'hex' | 'base64';
  /** The hash under HMAC; `sha256` by default. */
  algorithm?: 'sha256' | 'sha512';
  /** What is signed: `{id}`, `{timestamp}`, `{body}` and literal text; `{body}` by default. */
  payload?: string;
  /** Header that carries the delivery id. */
  idHeader?: string;
  /** Header that carries the timestamp. */
  timestampHeader?: string;
  /** How text secrets become keys; `utf8` by default. */
  secretEncoding?: 'utf8' | 'base64' | 'hex';
  /** Allowed distance between the timestamp and now, both directions; 300 by default. */
  toleranceSeconds?: number;
  /** What `Verified.scheme` reports. */
  name?: string;
}

/** A scheme as data: custom fields, optionally on top of a built-in `base`. */
export interface SchemeObject extends SchemeFields {
  base?: BuiltinScheme;
}

/** The built-in schemes. */
export type BuiltinScheme = 'standard' | 'stripe' | 'github' | 'slack' | 'shopify';

/** Where a webhook's signature travels, what is signed, and how secrets are decoded. */
export declare class Scheme {
  private constructor();
  /** A custom HMAC scheme; throws `invalid_scheme` for a bad field. */
  static custom(fields: SchemeFields): Scheme;
  /** Standard Webhooks (and Svix), optionally with fields overridden. */
  static standard(overrides?: SchemeFields): Scheme;
  /** Stripe, optionally with fields overridden. */
  static stripe(overrides?: SchemeFields): Scheme;
  /** GitHub, optionally with fields overridden. */
  static github(overrides?: SchemeFields): Scheme;
  /** Slack, optionally with fields overridden. */
  static slack(overrides?: SchemeFields): Scheme;
  /** Shopify, optionally with fields overridden. */
  static shopify(overrides?: SchemeFields): Scheme;
  /** What `Verified.scheme` reports. */
  readonly name: string;
  /** Allowed distance between the timestamp and now, in seconds. */
  readonly toleranceSeconds: number;
  /** The header that carries the signature. */
  readonly signatureHeader: string;
  /** The header that carries the delivery id, or null. */
  readonly idHeader: string | null;
  /** The header that carries the timestamp, or null. */
  readonly timestampHeader: string | null;
  toJSON(): {
    name: string;
    signatureHeader: string;
    idHeader: string | null;
    timestampHeader: string | null;
    toleranceSeconds: number;
  };
}

/** A delivery that verified. */
export declare class Verified {
  private constructor();
  /** The delivery id, or null. */
  readonly id: string | null;
  /** The timestamp in Unix seconds, or null. */
  readonly timestamp: number | null;
  /** Index of the secret that matched. */
  readonly secretIndex: number;
  /** The name of the scheme that verified it. */
  readonly scheme: string;
  toJSON(): { id: string | null; timestamp: number | null; secretIndex: number; scheme: string };
}

/** Options of the `Webhook` constructor. */
export interface WebhookOptions {
  /** A built-in name, a `Scheme`, or an object of fields; `standard` by default. */
  scheme?: BuiltinScheme | Scheme | SchemeObject;
  /** Overrides the scheme's tolerance; negative is `invalid_scheme`. */
  toleranceSeconds?: number;
}

/** Signs and verifies the deliveries of one endpoint; build it once and reuse it. */
export declare class Webhook {
  /**
   * Keys one secret, or several for rotation (a delivery signed with any verifies).
   * @throws {WebhookError} `invalid_secret`, `invalid_scheme`
   */
  constructor(secret: SecretInput | readonly SecretInput[], options?: WebhookOptions);
  /**
   * Verifies a delivery at `now` (Unix seconds; the clock by default).
   * @throws {WebhookError} `missing_header`, `malformed_header`, `timestamp_too_old`,
   *   `timestamp_too_new` or `signature_mismatch`, checked in that order.
   */
  verify(body: Body, headers: HeadersInput, options?: { now?: number }): Verified;
  /**
   * Reads a WHATWG `Request`'s body once and verifies it; resolves to the delivery and the
   * raw body. Rejects with `WebhookError` like `verify`.
   */
  verifyRequest(
    request: Request,
    options?: { now?: number },
  ): Promise<{ verified: Verified; body: Uint8Array }>;
  /**
   * Signs `body`; returns the headers to send. A random `msg_` id and the clock's time are
   * used where the scheme carries them and none is given.
   * @throws {WebhookError} `malformed_header` for an id or timestamp verify would refuse.
   */
  sign(body: Body, options?: { id?: string; timestamp?: number }): Record<string, string>;
  /** The scheme in use. */
  readonly scheme: Scheme;
  /** Allowed distance between the timestamp and now, in seconds. */
  readonly toleranceSeconds: number;
}

/** Options of the in-memory replay guard. */
export interface ReplayGuardOptions {
  /** Live entries held at most; 100,000 by default. */
  capacity?: number;
  /**
   * How long deliveries without a signed timestamp are remembered, in seconds (1 to
   * 4294967295, else a `RangeError`); 86,400 by default.
   */
  ttlSeconds?: number;
}

/** Remembers verified deliveries in this process until their window closes. */
export declare class ReplayGuard {
  constructor(options?: ReplayGuardOptions);
  /**
   * Records `verified`.
   * @throws {WebhookError} `replayed` when already claimed and live; `guard_full` when full.
   */
  claim(verified: Verified, options?: { now?: number }): void;
  /** Forgets a claim, so that a retry is accepted. */
  release(verified: Verified): void;
  readonly capacity: number;
  readonly ttlSeconds: number;
  /** Entries held. */
  readonly size: number;
}

/** A new `whsec_` secret: the base64 of 32 random bytes. */
export declare function generateSecret(): string;

/** The shape both builds (native addon and wasm) export. */
export interface HooksealModule {
  Webhook: typeof Webhook;
  Scheme: typeof Scheme;
  Verified: typeof Verified;
  ReplayGuard: typeof ReplayGuard;
  WebhookError: typeof WebhookError;
  generateSecret: typeof generateSecret;
}

declare const hookseal: HooksealModule;
export default hookseal;
