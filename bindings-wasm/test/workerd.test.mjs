// The wasm build inside real workerd (Miniflare): examples/worker/worker.mjs answering signed
// deliveries, and the shared vectors run through the edge entry ("workerd" export condition).
// Run with `node --test test/workerd.test.mjs` from bindings-wasm/ after `make build`.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import test from 'node:test';

import { Miniflare } from 'miniflare';

import { COMPATIBILITY_DATE, workerModules } from '../../examples/worker/modules.mjs';
import { Webhook, generateSecret } from '../node.mjs';

const vectorDir = new URL('../../tests/vectors/', import.meta.url);

test('examples/worker/worker.mjs in workerd', async (t) => {
  const secret = generateSecret();
  const mf = new Miniflare({
    modules: workerModules(),
    compatibilityDate: COMPATIBILITY_DATE,
    bindings: { WEBHOOK_SECRET: secret },
  });
  const webhook = new Webhook(secret);
  const body = JSON.stringify({ type: 'invoice.paid', amount: 4200 });
  const now = Math.floor(Date.now() / 1000);
  const signed = webhook.sign(body);

  /** POSTs a delivery; resolves to [status, parsed JSON body]. */
  async function post(data, headers) {
    const response = await mf.dispatchFetch('http://worker/webhook', {
      method: 'POST',
      body: data,
      headers: { ...headers, 'Content-Type': 'application/json' },
    });
    return [response.status, await response.json()];
  }

  try {
    await t.test('a valid delivery is accepted', async () => {
      assert.deepEqual(await post(body, signed), [200, { received: signed['webhook-id'] }]);
    });
    await t.test('a tampered body is signature_mismatch (401)', async () => {
      const tampered = body.replace('4200', '9900');
      assert.deepEqual(await post(tampered, signed), [401, { error: 'signature_mismatch' }]);
    });
    await t.test('a wrong secret is signature_mismatch (401)', async () => {
      const forged = new Webhook(generateSecret()).sign(body);
      assert.deepEqual(await post(body, forged), [401, { error: 'signature_mismatch' }]);
    });
    await t.test('a stale timestamp is timestamp_too_old (401)', async () => {
      const stale = webhook.sign(body, { timestamp: now - 3600 });
      assert.deepEqual(await post(body, stale), [401, { error: 'timestamp_too_old' }]);
    });
    await t.test('a future timestamp is timestamp_too_new (401)', async () => {
      const future = webhook.sign(body, { timestamp: now + 3600 });
      assert.deepEqual(await post(body, future), [401, { error: 'timestamp_too_new' }]);
    });
    await t.test('a missing signature is missing_header (400)', async () => {
      const { 'webhook-signature': _, ...unsigned } = webhook.sign(body);
      assert.deepEqual(await post(body, unsigned), [400, { error: 'missing_header' }]);
    });
    await t.test('a bad timestamp is malformed_header (400)', async () => {
      const bad = { ...webhook.sign(body), 'webhook-timestamp': '12.5' };
      assert.deepEqual(await post(body, bad), [400, { error: 'malformed_header' }]);
    });
    await t.test('a replay is answered 200 replayed', async () => {
      assert.deepEqual(await post(body, signed), [200, { error: 'replayed' }]);
    });
    await t.test('a failing handler releases the claim, so the retry runs again', async () => {
      const notJson = 'not json';
      const headers = webhook.sign(notJson);
      for (let attempt = 0; attempt < 2; attempt++) {
        const response = await mf.dispatchFetch('http://worker/webhook', {
          method: 'POST',
          body: notJson,
          headers,
        });
        await response.arrayBuffer();
        assert.equal(response.status, 500);
      }
    });
    await t.test('GET is 405', async () => {
      const response = await mf.dispatchFetch('http://worker/webhook');
      await response.arrayBuffer();
      assert.equal(response.status, 405);
      assert.equal(response.headers.get('allow'), 'POST');
    });
  } finally {
    await mf.dispose();
  }
});

test('the shared vectors in workerd, through the edge entry', async () => {
  const cases = readdirSync(vectorDir)
    .filter((name) => name.endsWith('.json') && name !== 'schema.json')
    .sort()
    .flatMap((name) => JSON.parse(readFileSync(new URL(name, vectorDir), 'utf8')).cases);
  const mf = new Miniflare({
    modules: [
      ...workerModules(readFileSync(new URL('vectors.worker.mjs', import.meta.url))),
      {
        type: 'ESModule',
        path: 'runner.mjs',
        contents: readFileSync(new URL('../../tests/js/runner.mjs', import.meta.url)),
      },
      { type: 'Text', path: 'vectors.json', contents: JSON.stringify(cases) },
    ],
    compatibilityDate: COMPATIBILITY_DATE,
  });
  try {
    const response = await mf.dispatchFetch('http://worker/');
    assert.equal(response.status, 200);
    const { ops, codes, failures } = await response.json();
    assert.deepEqual(failures, []);
    const total = Object.values(ops).reduce((a, b) => a + b, 0);
    assert.equal(total, cases.length);
    assert.ok(total >= 450);
    assert.deepEqual(Object.keys(ops).sort(), ['build', 'guard', 'sign', 'verify']);
    assert.deepEqual(codes, [
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
  } finally {
    await mf.dispose();
  }
});
