// The `hookseal` package under Node falls back to this wasm build where no native binary
// exists for the platform, or when HOOKSEAL_FORCE_WASM=1, with the same classes and results.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

const nodePackage = fileURLToPath(new URL('../../bindings-node/', import.meta.url));
const wasmPackage = fileURLToPath(new URL('../', import.meta.url));

// Verifies the Standard Webhooks example and reports which backend was loaded.
const probe = `
  const hookseal = require('./index.cjs');
  const wh = new hookseal.Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
  const v = wh.verify('{"test": 2432232314}', {
    'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    'webhook-timestamp': '1614265330',
    'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  }, { now: 1614265330 });
  let code = null;
  try { wh.verify('tampered', {}, { now: 1 }); } catch (err) {
    code = err instanceof hookseal.WebhookError ? err.code : String(err);
  }
  const loaded = Object.keys(require.cache);
  console.log(JSON.stringify({
    id: v.id,
    code,
    wasm: loaded.some((p) => p.endsWith('hookseal_wasm.js')),
    native: loaded.some((p) => p.endsWith('.node')),
  }));
`;

function run(cwd, env = {}) {
  const out = execFileSync(process.execPath, ['-e', probe], {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

const expected = { id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', code: 'missing_header' };

test('the native addon by default', () => {
  assert.deepEqual(run(nodePackage, { HOOKSEAL_FORCE_WASM: '' }), {
    ...expected,
    wasm: false,
    native: true,
  });
});

test('HOOKSEAL_FORCE_WASM=1 loads the wasm build instead', () => {
  assert.deepEqual(run(nodePackage, { HOOKSEAL_FORCE_WASM: '1' }), {
    ...expected,
    wasm: true,
    native: false,
  });
});

test('a platform without a native binary falls back to the wasm build', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookseal-no-binary-'));
  try {
    // The package as npm installs it on such a platform: the loader, but no .node file.
    for (const name of ['index.cjs', 'package.json', 'lib', 'native']) {
      cpSync(join(nodePackage, name), join(dir, name), {
        recursive: true,
        filter: (src) => !src.endsWith('.node'),
      });
    }
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(wasmPackage, join(dir, 'node_modules', 'hookseal-wasm'));
    assert.deepEqual(run(dir, { HOOKSEAL_FORCE_WASM: '' }), {
      ...expected,
      wasm: true,
      native: false,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a native binary that fails to load falls back with a warning', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hookseal-broken-binary-'));
  try {
    for (const name of ['index.cjs', 'package.json', 'lib', 'native']) {
      cpSync(join(nodePackage, name), join(dir, name), { recursive: true });
    }
    const binary = readdirSync(join(dir, 'native')).find((name) => name.endsWith('.node'));
    writeFileSync(join(dir, 'native', binary), 'not a shared object');
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(wasmPackage, join(dir, 'node_modules', 'hookseal-wasm'));
    const result = spawnSync(process.execPath, ['-e', probe], {
      cwd: dir,
      env: { ...process.env, HOOKSEAL_FORCE_WASM: '' },
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { ...expected, wasm: true, native: false });
    assert.match(result.stderr, /HOOKSEAL_WASM_FALLBACK/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
