// hookseal-wasm under Deno and Bun, through the binaries the npm packages `deno` and `bun`
// install in node_modules/.bin. Each run executes runtime-check.mjs on one entry and asserts on
// the JSON summary it prints (the checks are in checks.mjs). No network: only local files are
// imported, and HOME, DENO_DIR and the caches point into a temporary directory.
//
// Run: node --test test/deno-bun.test.mjs

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';

import { assertSummary } from './summary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const script = fileURLToPath(new URL('runtime-check.mjs', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const execFileAsync = promisify(execFile);

let home;
before(async () => {
  home = await mkdtemp(join(tmpdir(), 'hookseal-deno-bun-'));
});
after(async () => {
  await rm(home, { recursive: true, force: true });
});

/** Runs `command args` in bindings-wasm; returns the JSON summary runtime-check.mjs prints. */
async function run(command, args) {
  const env = {
    ...process.env,
    HOME: home,
    XDG_CACHE_HOME: join(home, '.cache'),
    DENO_DIR: join(home, 'deno'),
    DENO_NO_UPDATE_CHECK: '1',
    DO_NOT_TRACK: '1',
    NO_COLOR: '1',
  };
  // On failure the error's message carries the command's stderr.
  const { stdout } = await execFileAsync(command, args, { cwd: root, env, timeout: 60_000 });
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

// Deno needs --allow-read both for the dynamic import and for fetching the wasm file by URL.
const deno = (specifier) =>
  run(bin('deno'), ['run', '--allow-read', '--no-prompt', script, specifier]);
// --no-install: never auto-install a missing package from the registry.
const bun = (specifier) => run(bin('bun'), ['--no-install', script, specifier]);

const entry = (summary) => new URL(summary.resolved).pathname.slice(root.length - 1);

test('deno: dist/web.mjs (the "deno" condition\'s entry)', async () => {
  const summary = await deno('../dist/web.mjs');
  assert.match(summary.runtime, /^deno /);
  assert.equal(entry(summary), '/dist/web.mjs');
  assertSummary(summary);
});

let denoPackage;
test("deno: import 'hookseal-wasm' resolved from bindings-wasm", async (t) => {
  denoPackage = await deno('hookseal-wasm');
  t.diagnostic(`deno resolves hookseal-wasm to ${entry(denoPackage)}`);
  assertSummary(denoPackage);
});

// Deno matches both "deno" and "node" and takes the first key listed in exports, so
// package.json lists "deno" before "node": Deno gets the web build, not Node compatibility.
test("deno: 'hookseal-wasm' picks dist/web.mjs", () => {
  assert.ok(denoPackage, 'the import itself failed');
  assert.equal(entry(denoPackage), '/dist/web.mjs');
});

test('bun: import \'hookseal-wasm\' resolved from bindings-wasm (the "node" condition)', async () => {
  const summary = await bun('hookseal-wasm');
  assert.match(summary.runtime, /^bun /);
  assert.equal(entry(summary), '/node.mjs');
  assertSummary(summary);
});

test('bun: dist/web.mjs (fetches the wasm file by URL)', async () => {
  const summary = await bun('../dist/web.mjs');
  assert.equal(entry(summary), '/dist/web.mjs');
  assertSummary(summary);
});
