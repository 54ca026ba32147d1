// Webhook.verifyRequest with real WHATWG Request objects (Node's global Request, undici).

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';

import { Verified, Webhook, WebhookError, generateSecret } from '../index.mjs';

const require = createRequire(import.meta.url);

const wh = new Webhook(generateSecret());
const URL_ = 'https://receiver.example/webhook';
const body = JSON.stringify({ type: 'invoice.paid', amount: 4200 });

function request(payload, headers, init = {}) {
  return new Request(URL_, { method: 'POST', body: payload, headers, ...init });
}

describe('Webhook.verifyRequest', () => {
  test('resolves to { verified, body } with the exact body bytes', async () => {
    const headers = wh.sign(body, { id: 'msg_req' });
    const result = await wh.verifyRequest(request(body, headers));
    assert.deepEqual(Object.keys(result).sort(), ['body', 'verified']);
    assert.ok(result.verified instanceof Verified);
    assert.equal(result.verified.id, 'msg_req');
    assert.equal(result.verified.scheme, 'standard');
    assert.ok(result.body instanceof Uint8Array);
    assert.deepEqual(result.body, new TextEncoder().encode(body));
  });

  test('bytes that are not UTF-8 come back unchanged', async () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x00, 0x80, 0x7b]);
    const { body: got } = await wh.verifyRequest(request(bytes, wh.sign(bytes)));
    assert.deepEqual(got, bytes);
  });

  test('honours { now }', async () => {
    const headers = wh.sign(body, { timestamp: 1_700_000_000 });
    const { verified } = await wh.verifyRequest(request(body, headers), { now: 1_700_000_010 });
    assert.equal(verified.timestamp, 1_700_000_000);
    await assert.rejects(wh.verifyRequest(request(body, headers)), {
      name: 'WebhookError',
      code: 'timestamp_too_old',
    });
  });

  const failures = [
    ['missing_header', (h) => ({ ...h, 'webhook-signature': undefined })],
    ['malformed_header', (h) => ({ ...h, 'webhook-timestamp': '01' })],
    ['signature_mismatch', (h) => ({ ...h, 'webhook-id': 'msg_other' })],
  ];
  for (const [code, change] of failures) {
    test(`rejects with WebhookError ${code}`, async () => {
      const headers = Object.fromEntries(
        Object.entries(change(wh.sign(body))).filter(([, v]) => v !== undefined),
      );
      const err = await wh.verifyRequest(request(body, headers)).then(
        () => assert.fail('resolved'),
        (e) => e,
      );
      assert.ok(err instanceof WebhookError);
      assert.equal(err.name, 'WebhookError');
      assert.equal(err.code, code);
    });
  }

  test('rejects with signature_mismatch for a tampered body', async () => {
    const headers = wh.sign(body);
    await assert.rejects(wh.verifyRequest(request(body.replace('4200', '9900'), headers)), {
      code: 'signature_mismatch',
    });
  });

  test('reads a body that is a ReadableStream', async () => {
    const headers = wh.sign(body);
    const encoded = new TextEncoder().encode(body);
    const stream = new ReadableStream({
      start(controller) {
        // In pieces, as a network body arrives.
        for (let i = 0; i < encoded.length; i += 7) controller.enqueue(encoded.slice(i, i + 7));
        controller.close();
      },
    });
    const req = request(stream, headers, { duplex: 'half' });
    const { verified, body: got } = await wh.verifyRequest(req);
    assert.ok(verified instanceof Verified);
    assert.deepEqual(got, encoded);
    assert.equal(req.bodyUsed, true);
  });

  test('a body read already rejects with a TypeError (the body is read once)', async () => {
    const req = request(body, wh.sign(body));
    await req.text();
    await assert.rejects(wh.verifyRequest(req), TypeError);
  });

  test('reads the headers as Headers (case-insensitive names)', async () => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(wh.sign(body))) {
      headers.set(name.toUpperCase(), value);
    }
    const { verified } = await wh.verifyRequest(request(body, headers));
    assert.ok(verified instanceof Verified);
  });

  test('rejects with a TypeError for anything that is not a Request', async () => {
    for (const bad of [undefined, null, 'https://x', {}, { headers: {} }, 42]) {
      await assert.rejects(wh.verifyRequest(bad), TypeError);
    }
  });

  test('is the same method through the CommonJS entry', async () => {
    const cjs = require('../index.cjs');
    const other = new cjs.Webhook('whsec_c2VjcmV0');
    const headers = other.sign(body);
    const { verified } = await other.verifyRequest(request(body, headers));
    assert.ok(verified instanceof Verified);
  });
});
