// Conversions and JavaScript idioms of the Node package: types in, errors out. Cryptography
// is the vectors' job; these tests check that every accepted value reaches the core
// unchanged and every wrong one is refused with the documented error.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import test from 'node:test';

import hookseal, {
  ReplayGuard,
  Scheme,
  Verified,
  Webhook,
  WebhookError,
  generateSecret,
} from '../index.mjs';

const require = createRequire(import.meta.url);
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const BODY = '{"test": 2432232314}';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TS = 1614265330;
const SIG = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
const HEADERS = { 'webhook-id': ID, 'webhook-timestamp': String(TS), 'webhook-signature': SIG };
const wh = new Webhook(SECRET);
const code = (expected) => (err) => err instanceof WebhookError && err.code === expected;

test('body types', () => {
  const bytes = Buffer.from(BODY);
  // Buffer.concat may return a view into Node's shared pool, so take its offset into account.
  const padded = Buffer.concat([Buffer.from('xx'), bytes]);
  const forms = {
    string: BODY,
    Buffer: bytes,
    Uint8Array: new Uint8Array(bytes),
    ArrayBuffer: new Uint8Array(bytes).buffer,
    DataView: new DataView(new Uint8Array(bytes).buffer),
    'offset view': new Uint8Array(padded.buffer, padded.byteOffset + 2, bytes.length),
  };
  for (const [name, body] of Object.entries(forms)) {
    assert.equal(wh.verify(body, HEADERS, { now: TS }).id, ID, name);
  }
});

test('strings are UTF-8', () => {
  const github = new Webhook('k', { scheme: 'github' });
  const signed = github.sign('café');
  github.verify(Buffer.from('café', 'utf8'), signed);
  assert.throws(
    () => github.verify(Buffer.from('café', 'latin1'), signed),
    code('signature_mismatch'),
  );
});

test('wrong body types are TypeErrors', () => {
  for (const body of [null, undefined, 42, {}, ['a'], true]) {
    assert.throws(() => wh.verify(body, HEADERS, { now: TS }), TypeError);
  }
});

test('header forms', () => {
  const forms = {
    object: HEADERS,
    'mixed case': Object.fromEntries(Object.entries(HEADERS).map(([k, v]) => [k.toUpperCase(), v])),
    'IncomingHttpHeaders arrays': {
      ...HEADERS,
      'webhook-id': [ID],
      host: 'x',
      'set-cookie': ['a', 'b'],
    },
    'undefined is absent': { ...HEADERS, 'svix-id': undefined },
    Headers: new Headers(HEADERS),
    Map: new Map(Object.entries(HEADERS)),
    pairs: Object.entries(HEADERS),
  };
  for (const [name, headers] of Object.entries(forms)) {
    const v = wh.verify(BODY, headers, { now: TS });
    assert.deepEqual([v.id, v.timestamp, v.secretIndex], [ID, TS, 0], name);
  }
});

test('duplicates are malformed_header', () => {
  const dupes = [
    { ...HEADERS, 'webhook-id': [ID, ID] },
    { ...HEADERS, 'Webhook-Id': ID },
    [...Object.entries(HEADERS), ['WEBHOOK-ID', ID]],
  ];
  for (const headers of dupes) {
    assert.throws(() => wh.verify(BODY, headers, { now: TS }), code('malformed_header'));
  }
  assert.throws(
    () => wh.verify(BODY, { ...HEADERS, 'webhook-id': [] }, { now: TS }),
    code('missing_header'),
  );
});

test('wrong header types are TypeErrors', () => {
  const bad = [
    null,
    'webhook-id: x',
    42,
    { ...HEADERS, 'webhook-id': 1 },
    { ...HEADERS, 'content-type': null },
    { ...HEADERS, 'webhook-id': [ID, 2] },
    [['webhook-id']],
    [['a', 'b', 'c']],
    ['ab'],
    [[1, 'x']],
  ];
  for (const headers of bad) {
    assert.throws(() => wh.verify(BODY, headers, { now: TS }), TypeError, JSON.stringify(headers));
  }
});

test('secret forms, rotation and errors', () => {
  const raw = Buffer.from('raw key bytes');
  const reference = new Webhook('raw key bytes', { scheme: 'github' });
  for (const secret of [raw, new Uint8Array(raw), new Uint8Array(raw).buffer]) {
    const signed = new Webhook(secret, { scheme: 'github' }).sign('x');
    reference.verify('x', signed);
  }
  const rotated = new Webhook(['old', Buffer.from('new')], { scheme: 'github' });
  const signedNew = new Webhook('new', { scheme: 'github' }).sign('x');
  assert.equal(rotated.verify('x', signedNew).secretIndex, 1);
  for (const secret of [null, undefined, 1, [1], {}]) {
    assert.throws(() => new Webhook(secret), TypeError);
  }
  for (const secret of ['', [], Buffer.alloc(0), 'whsec_', 'whsec_!!']) {
    assert.throws(() => new Webhook(secret), code('invalid_secret'));
  }
});

test('scheme forms and invalid_scheme', () => {
  const inHouse = {
    signatureHeader: 'X-Webhook-Signature',
    prefix: 'sha256=',
    idHeader: 'X-Webhook-ID',
    timestampHeader: 'X-Webhook-Timestamp',
  };
  for (const scheme of [inHouse, Scheme.custom(inHouse), Scheme.github(inHouse)]) {
    const custom = new Webhook('secret', { scheme });
    const signed = custom.sign('{}', { id: 'evt_1', timestamp: TS });
    assert.deepEqual(Object.keys(signed).sort(), [
      'X-Webhook-ID',
      'X-Webhook-Signature',
      'X-Webhook-Timestamp',
    ]);
    assert.equal(custom.verify('{}', signed, { now: TS }).timestamp, TS);
  }
  assert.equal(
    new Webhook('plain', { scheme: Scheme.standard({ secretEncoding: 'utf8' }) }).scheme.name,
    'standard',
  );
  assert.equal(new Webhook(SECRET).scheme.name, 'standard');
  assert.equal(new Webhook(SECRET, { scheme: { base: 'standard' } }).toleranceSeconds, 300);
  const invalid = [
    () => Scheme.custom({ signatureHeader: 'X', colour: 'blue' }),
    () => Scheme.custom({ signature_header: 'X' }),
    () => Scheme.custom({}),
    () => Scheme.standard({ prefix: 'v1,' }),
    () => new Webhook('s', { scheme: 'gitlab' }),
    () => new Webhook('s', { scheme: { signatureHeader: 'X', toleranceSeconds: true } }),
    () => new Webhook('s', { scheme: { signatureHeader: 'X', toleranceSeconds: 1.5 } }),
    () => new Webhook('s', { scheme: { signatureHeader: 'X', toleranceSeconds: '300' } }),
    () => new Webhook('s', { scheme: { base: 1 } }),
    () => new Webhook('s', { scheme: 'github', toleranceSeconds: -1 }),
    () => new Webhook('s', { scheme: 'github', toleranceSeconds: 2 ** 32 }),
  ];
  for (const make of invalid) assert.throws(make, code('invalid_scheme'), make.toString());
  for (const make of [
    () => new Webhook('s', { scheme: 42 }),
    () => new Webhook('s', { scheme: ['standard'] }),
    () => new Webhook('s', { toleranceSeconds: '300' }),
    () => new Webhook('s', 'github'),
    () => Scheme.custom('X-Sig'),
  ]) {
    assert.throws(make, TypeError, make.toString());
  }
});

test('now must be an integer', () => {
  for (const now of ['1', 1.5, Number.NaN, true, 10n]) {
    assert.throws(() => wh.verify(BODY, HEADERS, { now }), TypeError);
  }
  assert.throws(
    () => wh.verify(BODY, HEADERS, { now: Number.MAX_SAFE_INTEGER }),
    code('timestamp_too_old'),
  );
  assert.throws(
    () => wh.verify(BODY, HEADERS, { now: -Number.MAX_SAFE_INTEGER }),
    code('timestamp_too_new'),
  );
  assert.throws(() => wh.verify(BODY, HEADERS), code('timestamp_too_old'));
});

test('WebhookError is an Error with a code and the core message', () => {
  try {
    wh.verify('tampered', HEADERS, { now: TS });
    assert.fail('verified a tampered body');
  } catch (err) {
    assert.ok(err instanceof WebhookError && err instanceof Error);
    assert.equal(err.name, 'WebhookError');
    assert.equal(err.code, 'signature_mismatch');
    assert.equal(err.message, 'signature mismatch webhook-signature: no signature matches');
    assert.ok(!err.message.includes(SECRET.slice(6)) && !err.message.includes(SIG.slice(3)));
    assert.ok(err.stack.includes('WebhookError'));
  }
  assert.throws(
    () => wh.verify(BODY, { 'webhook-id': ID, 'webhook-signature': SIG }, { now: TS }),
    (err) => err.code === 'missing_header' && err.message.includes('webhook-timestamp'),
  );
});

test('sign returns a plain object that verifies', () => {
  const signed = wh.sign(BODY);
  assert.deepEqual(Object.keys(signed), ['webhook-id', 'webhook-timestamp', 'webhook-signature']);
  assert.match(signed['webhook-id'], /^msg_[0-9A-Za-z]{20,}$/);
  assert.ok(Math.abs(Number(signed['webhook-timestamp']) - Date.now() / 1000) < 5);
  assert.equal(wh.verify(BODY, signed).id, signed['webhook-id']);
  assert.equal(wh.sign(BODY, { id: ID, timestamp: TS })['webhook-signature'], SIG);
  assert.throws(() => wh.sign(BODY, { id: 5 }), TypeError);
  assert.throws(() => wh.sign(BODY, { timestamp: 1.5 }), TypeError);
  assert.throws(() => wh.sign(BODY, { id: ' padded', timestamp: TS }), code('malformed_header'));
  assert.throws(() => wh.sign(BODY, { timestamp: -1 }), code('malformed_header'));
});

test('Verified is a class with plain JSON', () => {
  const v = wh.verify(BODY, HEADERS, { now: TS });
  assert.ok(v instanceof Verified);
  assert.deepEqual(JSON.parse(JSON.stringify(v)), {
    id: ID,
    timestamp: TS,
    secretIndex: 0,
    scheme: 'standard',
  });
  assert.throws(() => new Verified({}), TypeError);
  const gh = new Webhook('k', { scheme: 'github' });
  const none = gh.verify('x', gh.sign('x'));
  assert.deepEqual([none.id, none.timestamp, none.scheme], [null, null, 'github']);
});

test('ReplayGuard', () => {
  const guard = new ReplayGuard({ capacity: 2, ttlSeconds: 60 });
  assert.deepEqual([guard.capacity, guard.ttlSeconds, guard.size], [2, 60, 0]);
  const v = wh.verify(BODY, HEADERS, { now: TS });
  guard.claim(v, { now: TS });
  assert.throws(() => guard.claim(v, { now: TS + 1 }), code('replayed'));
  guard.release(v);
  guard.claim(v, { now: TS + 2 });
  assert.equal(guard.size, 1);
  const defaults = new ReplayGuard();
  assert.deepEqual([defaults.capacity, defaults.ttlSeconds], [100_000, 86_400]);
  assert.throws(() => new ReplayGuard({ capacity: -1 }), RangeError);
  assert.throws(() => new ReplayGuard({ ttlSeconds: 2 ** 32 }), RangeError);
  assert.throws(() => new ReplayGuard({ capacity: '10' }), TypeError);
  assert.throws(() => guard.claim({ id: ID }), TypeError);
});

test('generateSecret', () => {
  const secret = generateSecret();
  assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  assert.notEqual(secret, generateSecret());
  const fresh = new Webhook(secret);
  fresh.verify('x', fresh.sign('x'));
});

test('require and import give the same package', () => {
  const cjs = require('../index.cjs');
  assert.equal(cjs.Webhook, Webhook);
  assert.equal(cjs.WebhookError, WebhookError);
  assert.equal(hookseal.Webhook, Webhook);
  assert.deepEqual(Object.keys(cjs).sort(), [
    'ReplayGuard',
    'Scheme',
    'Verified',
    'Webhook',
    'WebhookError',
    'generateSecret',
  ]);
  const viaName = require('hookseal');
  assert.equal(viaName.Webhook, Webhook);
});
