'use strict';

// The public JavaScript API over a native backend: the napi addon under Node, the wasm build
// elsewhere. Both backends expose the same small surface (NativeWebhook, NativeScheme,
// NativeReplayGuard, replayKey, replayTtlSeconds, generateSecret); this layer only converts
// JavaScript values, checks argument types, and turns the core's error codes into
// WebhookError. No webhook behaviour lives here.
//
// A verified delivery crosses back as one string, `ticket\0secretIndex\0timestamp\0id`,
// where the ticket is what a replay guard needs (the core's ReplayTicket, as text): creating
// a native object per delivery would cost more than verifying it.

const CODES = new Set([
  'guard_full',
  'invalid_scheme',
  'invalid_secret',
  'malformed_header',
  'missing_header',
  'replayed',
  'signature_mismatch',
  'timestamp_too_new',
  'timestamp_too_old',
]);

/** A webhook could not be signed, verified or claimed; `code` says why. */
class WebhookError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'WebhookError';
    this.code = code;
  }
}

/** Whether `code` is one of the core's error codes (the nine of API.md). */
function isErrorCode(code) {
  return CODES.has(code);
}

/** Rethrows a backend error carrying a core code as a WebhookError; others unchanged. */
function rethrow(err) {
  if (err !== null && typeof err === 'object' && CODES.has(err.code)) {
    throw new WebhookError(err.code, err.message);
  }
  throw err;
}

const tag = (value) => Object.prototype.toString.call(value);

// Strings cross to the backend as UTF-8, where a lone surrogate (half of a UTF-16 pair) would
// silently become U+FFFD, so that different strings would reach the core as the same bytes.
// They are refused instead, as Python refuses a str that does not encode. Node 18 lacks
// isWellFormed; in a `u` regex only a lone surrogate is a code point of category Cs.
const wellFormed =
  typeof String.prototype.isWellFormed === 'function'
    ? (text) => text.isWellFormed()
    : (text) => !/\p{Cs}/u.test(text);

/** `text`, if it is well-formed UTF-16; else a TypeError. */
function wellFormedText(text, what) {
  if (!wellFormed(text)) throw new TypeError(`${what} must be a well-formed string`);
  return text;
}

/** Bytes as a Uint8Array view (no copy), or a string; anything else is a TypeError. */
function bytesOrString(value, what) {
  if (typeof value === 'string') return wellFormedText(value, what);
  const view = ArrayBuffer.isView(value);
  if (view || tag(value) === '[object ArrayBuffer]') {
    // Empty, or over a detached buffer (whose length reads 0): no bytes, on every backend.
    if (value.byteLength === 0) return new Uint8Array(0);
    if (value instanceof Uint8Array) return value;
    return view
      ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
      : new Uint8Array(value);
  }
  throw new TypeError(`${what} must be a string, Buffer, Uint8Array or ArrayBuffer`);
}

/** An optional integer argument: undefined and null mean "not given". */
function optionalInt(value, name) {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`${name} must be an integer`);
  }
  return value;
}

function options(value, name) {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object') throw new TypeError(`${name} must be an object`);
  return value;
}

/** How a field value reaches the core: `d` default, `s` string, `i` integer, `o` another type. */
function classify(name, value) {
  if (value === undefined || value === null) return ['d', '', 0];
  if (typeof value === 'string') return ['s', wellFormedText(value, `scheme field ${name}`), 0];
  if (typeof value === 'number' && Number.isInteger(value)) return ['i', '', value];
  return ['o', Array.isArray(value) ? 'array' : typeof value, 0];
}

/**
 * Whether `value` is a plain object: Node's IncomingHttpHeaders (null prototype), a literal,
 * or one from another realm (whose Object.prototype also has a null prototype).
 */
function isPlainObject(value) {
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** Scheme fields: a plain object, never an array, bytes, a boxed string or a class instance. */
function isFieldsObject(value) {
  return !Array.isArray(value) && isPlainObject(value);
}

function headersError() {
  return new TypeError(
    'headers must be a plain object, a Headers, a Map or an iterable of [name, value] pairs',
  );
}

function createApi(native) {
  const nativeOf = new WeakMap();

  function schemeFromFields(base, fields) {
    if (fields === null || typeof fields !== 'object' || !isFieldsObject(fields)) {
      throw new TypeError('scheme fields must be a plain object');
    }
    const names = [];
    const kinds = [];
    const texts = [];
    const ints = [];
    for (const [name, value] of Object.entries(fields)) {
      const [kind, text, int] = classify(wellFormedText(name, 'a scheme field name'), value);
      names.push(name);
      kinds.push(kind);
      texts.push(text);
      ints.push(int);
    }
    try {
      return native.NativeScheme.fromFields(base, names, kinds, texts, ints);
    } catch (err) {
      return rethrow(err);
    }
  }

  function schemeFromName(name) {
    try {
      return native.NativeScheme.fromName(name);
    } catch (err) {
      return rethrow(err);
    }
  }

  /** Where a webhook's signature travels, what is signed, and how secrets are decoded. */
  class Scheme {
    constructor(inner) {
      if (!(inner instanceof native.NativeScheme)) {
        throw new TypeError('use Scheme.custom(), Scheme.standard() and the like');
      }
      nativeOf.set(this, inner);
    }

    static custom(fields) {
      return new Scheme(schemeFromFields(null, fields ?? {}));
    }

    static standard(overrides) {
      return Scheme.#based('standard', overrides);
    }

    static stripe(overrides) {
      return Scheme.#based('stripe', overrides);
    }

    static github(overrides) {
      return Scheme.#based('github', overrides);
    }

    static slack(overrides) {
      return Scheme.#based('slack', overrides);
    }

    static shopify(overrides) {
      return Scheme.#based('shopify', overrides);
    }

    static #based(base, overrides) {
      if (overrides === undefined || overrides === null) {
        return new Scheme(schemeFromName(base));
      }
      return new Scheme(schemeFromFields(base, overrides));
    }

    get name() {
      return nativeOf.get(this).name;
    }

    get toleranceSeconds() {
      return nativeOf.get(this).toleranceSeconds;
    }

    get signatureHeader() {
      return nativeOf.get(this).signatureHeader;
    }

    get idHeader() {
      return nativeOf.get(this).idHeader;
    }

    get timestampHeader() {
      return nativeOf.get(this).timestampHeader;
    }

    toJSON() {
      return {
        name: this.name,
        signatureHeader: this.signatureHeader,
        idHeader: this.idHeader,
        timestampHeader: this.timestampHeader,
        toleranceSeconds: this.toleranceSeconds,
      };
    }
  }

  function nativeScheme(scheme) {
    if (scheme === undefined || scheme === null) return schemeFromName('standard');
    if (typeof scheme === 'string') return schemeFromName(wellFormedText(scheme, 'scheme'));
    if (scheme instanceof Scheme) return nativeOf.get(scheme);
    if (typeof scheme === 'object' && isFieldsObject(scheme)) {
      return schemeFromFields(null, scheme);
    }
    throw new TypeError('scheme must be a built-in name, a Scheme, or an object of fields');
  }

  const SEALED = Symbol('hookseal.Verified');

  /** A delivery that verified. */
  class Verified {
    #ticket;
    #id;
    #timestamp;
    #secretIndex;
    #scheme;

    constructor(seal, ticket, secretIndex, timestamp, id, scheme) {
      if (seal !== SEALED) throw new TypeError('Verified objects come from Webhook.verify()');
      this.#ticket = ticket;
      this.#secretIndex = secretIndex;
      this.#timestamp = timestamp;
      this.#id = id;
      this.#scheme = scheme;
    }

    get id() {
      return this.#id;
    }

    get timestamp() {
      return this.#timestamp;
    }

    get secretIndex() {
      return this.#secretIndex;
    }

    get scheme() {
      return this.#scheme;
    }

    /** The key shared replay guards record (for hookseal/redis). */
    _replayKey() {
      return native.replayKey(this.#ticket);
    }

    /** Seconds a shared guard must remember this delivery (for hookseal/redis). */
    _replayTtlSeconds(ttlSeconds, now) {
      return native.replayTtlSeconds(this.#ticket, ttlSeconds, optionalInt(now, 'now'));
    }

    static _ticket(verified) {
      if (!(verified instanceof Verified)) {
        throw new TypeError('verified must come from Webhook.verify()');
      }
      return verified.#ticket;
    }

    toJSON() {
      return {
        id: this.#id,
        timestamp: this.#timestamp,
        secretIndex: this.#secretIndex,
        scheme: this.#scheme,
      };
    }
  }

  /** A Verified from what the backend returns: `ticket\0secretIndex\0timestamp\0id`. */
  function verifiedFrom(text, scheme) {
    const a = text.indexOf('\0');
    const b = text.indexOf('\0', a + 1);
    const c = text.indexOf('\0', b + 1);
    const timestamp = text.slice(b + 1, c);
    const id = text.slice(c + 1);
    return new Verified(
      SEALED,
      text.slice(0, a),
      Number(text.slice(a + 1, b)),
      timestamp === '' ? null : Number(timestamp),
      id === '' ? null : id,
      scheme,
    );
  }

  /** Signs and verifies the deliveries of one endpoint. */
  class Webhook {
    #native;
    #names;
    #wanted;
    #schemeName;

    constructor(secret, opts) {
      const { scheme, toleranceSeconds } = options(opts, 'options');
      // Array.from visits the holes of a sparse array (as undefined), which map skips.
      const secrets = Array.from(Array.isArray(secret) ? secret : [secret], (s) => {
        if (typeof s === 'string') return wellFormedText(s, 'a secret');
        const bytes = s === null || typeof s !== 'object' ? null : bytesOrString(s, 'a secret');
        if (bytes === null) throw new TypeError('a secret must be a string or bytes');
        return bytes;
      });
      const tolerance = optionalInt(toleranceSeconds, 'toleranceSeconds');
      const inner = nativeScheme(scheme);
      try {
        this.#native = new native.NativeWebhook(inner, secrets, tolerance);
      } catch (err) {
        rethrow(err);
      }
      // Only headers as long as a name the scheme reads can match; the core decides.
      this.#names = new Set(this.#native.headerNames);
      this.#wanted = new Set([...this.#names].map((name) => name.length));
      this.#schemeName = inner.name;
    }

    verify(body, headers, opts) {
      const bytes = bytesOrString(body, 'body');
      const pairs = this.#pairs(headers);
      const now = optionalInt(options(opts, 'options').now, 'now');
      let text;
      try {
        text = this.#native.verify(bytes, pairs, now);
      } catch (err) {
        rethrow(err);
      }
      return verifiedFrom(text, this.#schemeName);
    }

    async verifyRequest(request, opts) {
      if (
        request === null ||
        typeof request !== 'object' ||
        typeof request.arrayBuffer !== 'function'
      ) {
        throw new TypeError('request must be a WHATWG Request');
      }
      const body = new Uint8Array(await request.arrayBuffer());
      return { verified: this.verify(body, request.headers, opts), body };
    }

    sign(body, opts) {
      const bytes = bytesOrString(body, 'body');
      const { id, timestamp } = options(opts, 'options');
      if (id !== undefined && id !== null) {
        if (typeof id !== 'string') throw new TypeError('id must be a string');
        wellFormedText(id, 'id');
      }
      const ts = optionalInt(timestamp, 'timestamp');
      let flat;
      try {
        flat = this.#native.sign(bytes, id ?? null, ts);
      } catch (err) {
        rethrow(err);
      }
      const out = {};
      for (let i = 0; i < flat.length; i += 2) out[flat[i]] = flat[i + 1];
      return out;
    }

    get scheme() {
      return new Scheme(this.#native.scheme);
    }

    get toleranceSeconds() {
      return this.#native.toleranceSeconds;
    }

    /**
     * The headers that could be the scheme's, as `name\0value\0...` (one string crosses to
     * the backend far faster than several), or as `[name, value, ...]` if one holds a NUL.
     */
    #pairs(headers) {
      const out = [];
      let nul = false;
      const wanted = this.#wanted;
      const keep = (name, value) => {
        // Only what crosses to the backend is checked, to keep the hot path cheap.
        if (wanted.has(name.length)) {
          if (!wellFormed(name) || !wellFormed(value)) {
            // Text that is not well-formed matters only in a header the scheme reads;
            // any other header is skipped, as the core would ignore it.
            if (!wellFormed(name) || !this.#names.has(name.toLowerCase())) return;
            wellFormedText(value, 'a header value');
          }
          nul ||= name.includes('\0') || value.includes('\0');
          out.push(name, value);
        }
      };
      const take = (name, value) => {
        if (typeof name !== 'string') throw new TypeError('header names must be strings');
        if (typeof value === 'string') {
          keep(name, value);
        } else if (Array.isArray(value)) {
          // Node's IncomingHttpHeaders: one value is that value, two are a duplicate. One
          // level only: an array inside is no header value.
          for (const item of value) {
            if (typeof item !== 'string') {
              throw new TypeError('the items of a header value array must be strings');
            }
            keep(name, item);
          }
        } else if (value !== undefined) {
          throw new TypeError('header values must be strings or arrays of strings');
        }
      };
      const takePairs = (iterable) => {
        for (const pair of iterable) {
          if (!Array.isArray(pair) || pair.length !== 2) {
            throw new TypeError('each header must be a [name, value] pair');
          }
          take(pair[0], pair[1]);
        }
      };
      if (headers === null || typeof headers !== 'object') throw headersError();
      // Bytes are iterable (of numbers), but never headers, even when empty.
      if (ArrayBuffer.isView(headers) || tag(headers) === '[object ArrayBuffer]') {
        throw headersError();
      }
      if (Array.isArray(headers)) {
        takePairs(headers);
      } else if (typeof headers.entries === 'function' && typeof headers.get === 'function') {
        // WHATWG Headers (and Map).
        for (const [name, value] of headers.entries()) take(name, value);
      } else if (typeof headers[Symbol.iterator] === 'function') {
        // Any other iterable of pairs: a Set, a generator, ...
        takePairs(headers);
      } else if (isPlainObject(headers)) {
        for (const name of Object.keys(headers)) take(name, headers[name]);
      } else {
        // A class instance (a request, a response, ...): its own keys are no headers.
        throw headersError();
      }
      return nul ? out : out.join('\0');
    }
  }

  /** Remembers verified deliveries in this process until their window closes. */
  class ReplayGuard {
    #native;

    constructor(opts) {
      const { capacity, ttlSeconds } = options(opts, 'options');
      const cap = optionalInt(capacity, 'capacity');
      const ttl = optionalInt(ttlSeconds, 'ttlSeconds');
      if (cap !== null && cap < 0) throw new RangeError('capacity must not be negative');
      // 0 would forget a delivery without a signed timestamp at once: no replay protection.
      if (ttl !== null && (ttl < 1 || ttl > 0xffffffff)) {
        throw new RangeError('ttlSeconds must be between 1 and 4294967295');
      }
      this.#native = new native.NativeReplayGuard(cap, ttl);
    }

    claim(verified, opts) {
      const ticket = Verified._ticket(verified);
      const now = optionalInt(options(opts, 'options').now, 'now');
      try {
        this.#native.claim(ticket, now);
      } catch (err) {
        rethrow(err);
      }
    }

    release(verified) {
      this.#native.release(Verified._ticket(verified));
    }

    get capacity() {
      return this.#native.capacity;
    }

    get ttlSeconds() {
      return this.#native.ttlSeconds;
    }

    get size() {
      return this.#native.size;
    }
  }

  function generateSecret() {
    return native.generateSecret();
  }

  return { Webhook, Scheme, Verified, ReplayGuard, WebhookError, generateSecret };
}

module.exports = { createApi, WebhookError, isErrorCode, wellFormedText };
