// Every case of tests/hostile/corpus.json through a JavaScript build of hookseal.
//
// Shared by the Node addon and the wasm build, like vectors.mjs: the module under test is the
// one named by HOOKSEAL_MODULE (a path, resolved from the working directory, or a package
// specifier), `hookseal` by default. Each call must end in the outcome the corpus names: a
// WebhookError with that code, a TypeError, a RangeError (the replay guard's settings only),
// or success; any other error, a crash or a hang fails. Run it as a plain script under a time
// limit (`timeout 300 node tests/js/hostile.mjs`): the calls are synchronous, so a hang can
// only be stopped from outside, and a call slower than its limit fails its case. Expected
// outcomes come from tests/hostile/generate.py's rules, never from hookseal.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import test from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const corpusPath = join(here, '..', 'hostile', 'corpus.json');
const target = process.env.HOOKSEAL_MODULE ?? 'hookseal';
const specifier =
  isAbsolute(target) || target.startsWith('.') ? pathToFileURL(resolve(target)).href : target;
const imported = await import(specifier);
// A CommonJS entry imported from ESM exposes its exports as `default`.
const { Webhook, Scheme, ReplayGuard, WebhookError } = imported.Webhook
  ? imported
  : imported.default;

// Per-case limits in milliseconds.
const LIMIT_MS = 5_000;
const SLOW_LIMIT_MS = 30_000;

const CAMEL = {
  signature_header: 'signatureHeader',
  id_header: 'idHeader',
  timestamp_header: 'timestampHeader',
  secret_encoding: 'secretEncoding',
  tolerance_seconds: 'toleranceSeconds',
};

const corpus = JSON.parse(readFileSync(corpusPath, 'utf8'));
const cases = corpus.cases.filter((c) => (c.languages ?? ['js']).includes('js'));

const hexBytes = (text) => Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16));

function fillPairs(value) {
  const out = [];
  const fill = value.fill;
  if (fill) for (let n = 0; n < fill.count; n++) out.push([fill.prefix + n, fill.value]);
  return out;
}

function fieldName(name) {
  if (typeof name === 'string') return CAMEL[name] ?? name;
  if (name.type === 'field_name') return name.js;
  throw new Error(`no JS spelling for field name ${JSON.stringify(name)}`);
}

/** The JavaScript value a corpus encoding stands for (see tests/hostile/README.md). */
function realize(value, verified) {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((item) => realize(item, verified));
  switch (value.type) {
    case 'null':
      return null;
    case 'undefined':
      return undefined;
    case 'bool':
      return value.value;
    case 'int':
      return Number(value.value);
    case 'float':
      return { nan: NaN, inf: Infinity, '-inf': -Infinity }[value.value] ?? Number(value.value);
    case 'bigint':
      return BigInt(value.value);
    case 'bytes': {
      const bytes = hexBytes(value.hex);
      if (value.kind === 'mutable') return bytes.buffer;
      if (value.kind === 'view') return new DataView(bytes.buffer);
      if (value.kind === 'offset_view') {
        const padded = new Uint8Array(bytes.length + 2).fill(0xee);
        padded.set(bytes, 2);
        return new DataView(padded.buffer, 2);
      }
      if (value.kind === 'wide_view') return new Uint16Array(bytes.buffer);
      if (value.kind === 'detached') structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
      return bytes;
    }
    case 'repeat':
      return value.value.repeat(value.count);
    case 'repeat_bytes': {
      const unit = hexBytes(value.hex);
      const out = new Uint8Array(unit.length * value.count);
      if (unit.length === 1) out.fill(unit[0]);
      else for (let n = 0; n < value.count; n++) out.set(unit, n * unit.length);
      return out;
    }
    case 'concat':
      return value.parts.map((part) => realize(part)).join('');
    case 'dict': {
      const out = {};
      for (const [name, item] of fillPairs(value)) out[name] = item;
      for (const [name, item] of value.entries) out[name] = realize(item, verified);
      return out;
    }
    case 'map':
      return new Map(value.entries.map(([name, item]) => [realize(name), realize(item, verified)]));
    case 'iterator': {
      const items = value.items.map((item) => realize(item, verified));
      return (function* () {
        yield* items;
      })();
    }
    case 'instance':
      return new (class Unrelated {})();
    case 'sparse': {
      const out = new Array(value.length);
      for (const [index, item] of Object.entries(value.items)) out[index] = realize(item);
      return out;
    }
    case 'string_object':
      return new String(value.value);
    case 'pairs':
      return [...fillPairs(value), ...value.items.map((item) => realize(item, verified))];
    case 'fields': {
      const out = {};
      for (const [name, item] of value.entries) out[fieldName(name)] = realize(item, verified);
      return out;
    }
    case 'scheme':
      return Scheme[value.base]('fields' in value ? realize(value.fields) : undefined);
    case 'verified':
      return verified;
    default:
      throw new Error(`unknown encoding ${value.type}`);
  }
}

function webhookFrom(setup) {
  return new Webhook(realize(setup.secret), {
    scheme: realize(setup.scheme),
    toleranceSeconds: 'tolerance_seconds' in setup ? realize(setup.tolerance_seconds) : undefined,
  });
}

/** The options bag: the case's own (JS-only cases), else one built from the named args. */
function optionsOf(args, names, verified) {
  if ('js_options' in args) return realize(args.js_options, verified);
  const out = {};
  for (const [key, option] of Object.entries(names)) {
    if (key in args) out[option] = realize(args[key], verified);
  }
  return out;
}

const GUARD_OPTIONS = { capacity: 'capacity', ttl_seconds: 'ttlSeconds' };

const noCheck = () => {};

/**
 * The one call the case is about, with everything around it already built, and what to check
 * of its result when it succeeds.
 */
function prepare(c) {
  const args = c.args;
  const arg = (name, verified) => (name in args ? realize(args[name], verified) : undefined);
  switch (c.operation) {
    case 'new Webhook': {
      const secret = arg('secret');
      const opts = optionsOf(args, { scheme: 'scheme', tolerance_seconds: 'toleranceSeconds' });
      return [() => new Webhook(secret, opts), noCheck];
    }
    case 'scheme': {
      const factory = realize(args.base);
      const fields = arg('fields');
      return [() => Scheme[factory](fields), noCheck];
    }
    case 'new ReplayGuard': {
      const opts = optionsOf(args, GUARD_OPTIONS);
      return [() => new ReplayGuard(opts), noCheck];
    }
    default:
      break;
  }
  const wh = webhookFrom(c.setup);
  if (c.operation === 'verify') {
    const body = arg('body');
    const headers = arg('headers');
    const opts = optionsOf(args, { now: 'now' });
    return [() => wh.verify(body, headers, opts), (verified) => sameFields(c, verified)];
  }
  if (c.operation === 'sign') {
    const body = arg('body');
    const opts = optionsOf(args, { id: 'id', timestamp: 'timestamp' });
    // What sign returns verifies with the same webhook at the signing time.
    const now = typeof opts?.timestamp === 'number' ? opts.timestamp : undefined;
    return [() => wh.sign(body, opts), (headers) => wh.verify(body, headers, { now })];
  }
  const d = c.delivery;
  const verified = wh.verify(hexBytes(d.body_hex), d.headers, { now: realize(d.now) });
  const guard = new ReplayGuard(optionsOf(c.guard ?? {}, GUARD_OPTIONS));
  for (const step of c.before ?? []) {
    if (step.action === 'claim') guard.claim(verified, { now: realize(step.now) });
    else guard.release(verified);
  }
  const target = arg('verified', verified);
  if (c.operation === 'guard claim') {
    const opts = optionsOf(args, { now: 'now' }, verified);
    return [() => guard.claim(target, opts), noCheck];
  }
  assert.equal(c.operation, 'guard release');
  return [() => guard.release(target), noCheck];
}

function sameFields(c, verified) {
  const expected = c.verified_fields;
  if (!expected) return;
  const got = {
    id: verified.id,
    timestamp: verified.timestamp,
    secret_index: verified.secretIndex,
    scheme: verified.scheme,
  };
  const differ = Object.keys(expected).filter((k) => got[k] !== expected[k]);
  if (differ.length) throw new Error(`verified, but these fields differ: ${differ.join(', ')}`);
}

/** An error's class and code, never its message (nothing secret can show). */
function describe(err) {
  if (err === null || typeof err !== 'object') return `a thrown ${typeof err}`;
  const code = err.code === undefined ? '' : ` code=${err.code}`;
  return `${err.constructor?.name ?? 'object'}${code}`;
}

/** The text secrets a case passes (at least 8 characters), which no message may show. */
function secretsOf(c) {
  const found = [];
  for (const holder of [c.args, c.setup ?? {}]) {
    if (!('secret' in holder)) continue;
    const value = realize(holder.secret);
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string' && item.length >= 8) found.push(item);
    }
  }
  return found;
}

// Messages name the header concerned; they never echo a (possibly huge) input.
const MAX_MESSAGE_CHARS = 1024;

/** `{ ok: true, result }` on success, `{ ok: false }` when the expected error was thrown. */
function run(c, call) {
  const expect = c.expect;
  const want = JSON.stringify(expect);
  let result;
  try {
    result = call();
  } catch (err) {
    if (err instanceof WebhookError) {
      if (expect.error !== err.code || err.name !== 'WebhookError') {
        throw new Error(`expected ${want}, got ${describe(err)}`);
      }
      const message = err.message;
      if (!message || message.includes('\n') || message.length > MAX_MESSAGE_CHARS) {
        throw new Error(`${describe(err)}: not one short line (${message.length} chars)`);
      }
      if (secretsOf(c).some((secret) => message.includes(secret))) {
        throw new Error(`${describe(err)}: the message shows a secret`);
      }
      return { ok: false };
    }
    if (err instanceof TypeError && expect.type_error) return { ok: false };
    if (err instanceof RangeError && expect.range_error) return { ok: false };
    throw new Error(`expected ${want}, got ${describe(err)}`);
  }
  if (!expect.ok) throw new Error(`expected ${want}, got success`);
  return { ok: true, result };
}

for (const c of cases) {
  test(c.name, () => {
    const [call, after] = prepare(c);
    const limit = c.slow ? SLOW_LIMIT_MS : LIMIT_MS;
    const start = performance.now();
    const outcome = run(c, call);
    const elapsed = performance.now() - start;
    if (elapsed > limit) throw new Error(`took ${Math.round(elapsed)} ms (limit ${limit} ms)`);
    if (outcome.ok) after(outcome.result);
  });
}

test('the corpus is large and covers every outcome', () => {
  assert.ok(corpus.total === corpus.cases.length && corpus.total >= 500);
  const kinds = new Set(corpus.cases.map((c) => Object.keys(c.expect)[0]));
  assert.deepEqual([...kinds].sort(), ['error', 'ok', 'range_error', 'type_error']);
});
