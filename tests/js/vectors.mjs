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

import { createRunner } from './runner.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const vectorDir = join(here, '..', 'vectors');
const target = process.env.HOOKSEAL_MODULE ?? 'hookseal';
const specifier =
  isAbsolute(target) || target.startsWith('.') ? pathToFileURL(resolve(target)).href : target;
const imported = await import(specifier);
// A CommonJS entry imported from ESM exposes its exports as `default`.
const hookseal = imported.Webhook ? imported : imported.default;
const runner = createRunner(hookseal);

const files = readdirSync(vectorDir)
  .filter((name) => name.endsWith('.json') && name !== 'schema.json')
  .sort();
const cases = files.flatMap(
  (name) => JSON.parse(readFileSync(join(vectorDir, name), 'utf8')).cases,
);

for (const c of cases) {
  test(c.id, () => runner.run(c));
}

test('every code has a negative vector, and each was raised', () => {
  const codes = new Set();
  for (const c of cases) {
    if (c.expect && 'error' in c.expect) codes.add(c.expect.error);
    for (const step of c.steps ?? []) if ('error' in step.expect) codes.add(step.expect.error);
  }
  assert.ok(cases.length >= 450);
  assert.deepEqual([...runner.codes].sort(), [...codes].sort());
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
