// Every case of tests/vectors/*.json through a JavaScript build of hookseal.
//
// Shared by the Node addon and the wasm build: the module under test is the one named by
// HOOKSEAL_MODULE (a path or package specifier), `hookseal` by default. Run with
// `node --test tests/js/vectors.mjs`. Expected values come from tests/vectors/generate.py
// (Python's hmac), never from hookseal.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import test from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const vectorDir = join(here, '..', 'vectors');
const target = process.env.HOOKSEAL_MODULE ?? 'hookseal';
const specifier =
  isAbsolute(target) || target.startsWith('.') ? pathToFileURL(resolve(target)).href : target;
const imported = await import(specifier);
// A CommonJS entry imported from ESM exposes its exports as `default`.
const hookseal = imported.Webhook ? imported : imported.default;
const { Webhook, ReplayGuard, WebhookError } = hookseal;

const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

function scheme(value) {
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k === 'base' ? k : camel(k), v]),
  );
}

function secret(value) {
  const one = (item) =>
    typeof item === 'string' ? item : Uint8Array.from(Buffer.from(item.raw_hex, 'hex'));
  return Array.isArray(value) ? value.map(one) : one(value);
}

function webhook(c) {
  return new Webhook(secret(c.secret), {
    scheme: scheme(c.scheme),
    toleranceSeconds: c.tolerance_seconds,
  });
}

function payload(obj) {
  let bytes;
  if ('payload' in obj) bytes = Buffer.from(obj.payload, 'utf8');
  else if ('payload_base64' in obj) bytes = Buffer.from(obj.payload_base64, 'base64');
  else bytes = Buffer.alloc(0);
  return new Uint8Array(Buffer.concat(Array(obj.payload_repeat ?? 1).fill(bytes)));
}

function headers(value) {
  return Array.isArray(value) ? value.map(([n, v]) => [n, v]) : { ...value };
}

/** Runs `action`; checks the error code, or returns its result for success cases. */
function expecting(expect, action) {
  if ('error' in expect) {
    assert.throws(action, (err) => {
      assert.ok(err instanceof WebhookError, `expected a WebhookError, got ${err}`);
      assert.ok(err instanceof Error);
      assert.equal(err.name, 'WebhookError');
      assert.equal(err.code, expect.error);
      assert.ok(err.message.length > 0 && !err.message.includes('\n'));
      return true;
    });
    return undefined;
  }
  return action();
}

const runners = {
  verify(c) {
    const wh = webhook(c);
    const v = expecting(c.expect, () => wh.verify(payload(c), headers(c.headers), { now: c.now }));
    if (v !== undefined) {
      assert.deepEqual(
        { id: v.id, timestamp: v.timestamp, secret_index: v.secretIndex, scheme: v.scheme },
        c.expect,
      );
    }
  },
  build(c) {
    expecting(c.expect, () => webhook(c));
  },
  sign(c) {
    const wh = webhook(c);
    const args = c.args ?? {};
    const body = payload(c);
    const signed = expecting(c.expect, () =>
      wh.sign(body, { id: args.id, timestamp: args.timestamp ?? c.now }),
    );
    if (signed !== undefined) {
      assert.deepEqual(signed, c.expect.headers);
      wh.verify(body, signed, { now: c.now });
    }
  },
  guard(c) {
    const wh = webhook(c);
    const guard = new ReplayGuard({ capacity: c.guard.capacity, ttlSeconds: c.guard.ttl_seconds });
    for (const step of c.steps) {
      const body = 'payload' in step || 'payload_base64' in step ? payload(step) : payload(c);
      const verified = wh.verify(body, headers(step.headers), { now: step.now });
      if (step.action === 'claim') {
        expecting(step.expect, () => guard.claim(verified, { now: step.now }));
      } else {
        guard.release(verified);
      }
    }
  },
};

const files = readdirSync(vectorDir)
  .filter((name) => name.endsWith('.json') && name !== 'schema.json')
  .sort();
const cases = files.flatMap(
  (name) => JSON.parse(readFileSync(join(vectorDir, name), 'utf8')).cases,
);

for (const c of cases) {
  test(c.id, () => runners[c.op](c));
}

test('every code has a negative vector', () => {
  const codes = new Set();
  for (const c of cases) {
    if (c.expect && 'error' in c.expect) codes.add(c.expect.error);
    for (const step of c.steps ?? []) if ('error' in step.expect) codes.add(step.expect.error);
  }
  assert.ok(cases.length >= 450);
  assert.deepEqual([...codes].sort(), [
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
});
