// Conversions and JavaScript idioms of the Node package: types in, errors out. Cryptography
// is the vectors' job; these tests check that every accepted value reaches the core
// unchanged and every wrong one is refused with the documented error.
//
// One suite, two builds: HOOKSEAL_MODULE names the ES module entry under test (the addon's
// ../index.mjs by default; the wasm build's node.mjs from bindings-wasm); its CommonJS twin
// is the same path ending in .cjs.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import test from 'node:test';

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const entry = process.env.HOOKSEAL_MODULE ? resolve(process.env.HOOKSEAL_MODULE) : null;
const hookseal = entry
  ? (await import(pathToFileURL(entry).href)).default
  : (await import('../index.mjs')).default;
const { ReplayGuard, Scheme, Verified, Webhook, WebhookError, generateSecret } = hookseal;

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

// A lone surrogate would reach the core as U+FFFD: two different strings, the same bytes.
const LONE = ['\ud800', 'a\udfff', '\udc00\ud800', 'x\ud83d'];
const wellFormedError = (what) => ({
  name: 'TypeError',
  message: `${what} must be a well-formed string`,
});

test('strings with lone surrogates are TypeErrors, not U+FFFD', () => {
  const github = new Webhook('k', { scheme: 'github' });
  const signed = github.sign('\ufffd');
  for (const lone of LONE) {
    assert.throws(() => github.verify(lone, signed), wellFormedError('body'), lone);
    assert.throws(() => github.sign(lone), wellFormedError('body'));
    assert.throws(() => new Webhook(lone, { scheme: 'github' }), wellFormedError('a secret'));
    assert.throws(() => new Webhook(['ok', lone]), wellFormedError('a secret'));
    assert.throws(() => wh.sign(BODY, { id: `msg_${lone}` }), wellFormedError('id'));
    assert.throws(() => new Webhook('k', { scheme: lone }), wellFormedError('scheme'));
    for (const make of [
      () => new Webhook('k', { scheme: { signatureHeader: `X-Sig${lone}` } }),
      () => Scheme.custom({ signatureHeader: `X-Sig${lone}` }),
      () => Scheme.github({ signatureHeader: `X-Sig${lone}` }),
    ]) {
      assert.throws(make, wellFormedError('scheme field signatureHeader'));
    }
    assert.throws(
      () => Scheme.custom({ signatureHeader: 'X', prefix: lone }),
      wellFormedError('scheme field prefix'),
    );
    assert.throws(
      () => Scheme.custom({ signatureHeader: 'X', name: lone }),
      wellFormedError('scheme field name'),
    );
    assert.throws(
      () => new Webhook('k', { scheme: { base: lone } }),
      wellFormedError('scheme field base'),
    );
    assert.throws(
      () => Scheme.custom({ signatureHeader: 'X', [lone]: 'x' }),
      wellFormedError('a scheme field name'),
    );
  }
});

test('headers with lone surrogates are TypeErrors where they reach the core', () => {
  for (const lone of LONE) {
    const value = `${ID}${lone}`;
    for (const headers of [
      { ...HEADERS, 'webhook-id': value },
      { ...HEADERS, 'webhook-id': [value] },
      [...Object.entries(HEADERS).slice(1), ['webhook-id', value]],
      new Map([...Object.entries(HEADERS).slice(1), ['webhook-id', value]]),
      { ...HEADERS, 'svix-id': value }, // read by the core, even though webhook-* wins
    ]) {
      assert.throws(() => wh.verify(BODY, headers, { now: TS }), wellFormedError('a header value'));
    }
    // A header the scheme does not read is ignored, even one whose name is as long as a
    // name it reads: a lone surrogate in its name or value changes nothing.
    const name = `webhook-${lone}`.padEnd('webhook-id'.length, 'i');
    assert.equal(name.length, 'webhook-id'.length);
    const sameLength = { ...HEADERS, [name]: 'x', 'x-other-12': lone };
    assert.equal('x-other-12'.length, 'webhook-id'.length);
    assert.equal(wh.verify(BODY, sameLength, { now: TS }).id, ID);
    const other = { ...HEADERS, [`x-${lone}`]: lone, cookie: lone };
    assert.equal(wh.verify(BODY, other, { now: TS }).id, ID);
  }
  // Surrogate pairs are well-formed and cross as UTF-8.
  const github = new Webhook('k\ud83d\ude80', { scheme: 'github' });
  const rocket = '{"emoji":"\ud83d\ude80"}';
  github.verify(Buffer.from(rocket, 'utf8'), github.sign(rocket));
  const id = 'msg_\ud83d\ude80';
  const signed = wh.sign(BODY, { id, timestamp: TS });
  assert.equal(wh.verify(BODY, signed, { now: TS }).id, id);
});

test('without String.prototype.isWellFormed (Node 18), lone surrogates are still refused', () => {
  const script = `
    delete String.prototype.isWellFormed;
    const { Webhook } = require('./index.cjs');
    const wh = new Webhook('k', { scheme: 'github' });
    const refused = ['\\ud800', 'a\\udfff', '\\udc00\\ud800'].every((body) => {
      try { wh.sign(body); return false; } catch (err) { return err instanceof TypeError; }
    });
    const pair = wh.sign('\\ud83d\\ude80')['X-Hub-Signature-256'].startsWith('sha256=');
    process.stdout.write(JSON.stringify([refused, pair]));
  `;
  const out = execFileSync(process.execPath, ['-e', script], {
    cwd: new URL('..', import.meta.url),
    encoding: 'utf8',
  });
  assert.deepEqual(JSON.parse(out), [true, true]);
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

test('any iterable of [name, value] pairs is headers', () => {
  const entries = Object.entries(HEADERS);
  const forms = {
    Set: new Set(entries),
    generator: (function* pairs() {
      yield* entries;
    })(),
    'custom iterable': { [Symbol.iterator]: () => entries[Symbol.iterator]() },
    'Map with array values': new Map(entries.map(([k, v]) => [k, [v]])),
    'null prototype': Object.assign(Object.create(null), HEADERS),
  };
  for (const [name, headers] of Object.entries(forms)) {
    assert.equal(wh.verify(BODY, headers, { now: TS }).id, ID, name);
  }
  assert.throws(
    () => wh.verify(BODY, new Set([...entries, ['Webhook-Id', ID]]), { now: TS }),
    code('malformed_header'),
  );
  // Objects that are neither plain nor iterable: their own keys are no headers.
  class Carrier {
    constructor() {
      Object.assign(this, HEADERS);
    }
  }
  const message =
    'headers must be a plain object, a Headers, a Map or an iterable of [name, value] pairs';
  for (const headers of [new Carrier(), new Date(), Promise.resolve(HEADERS), /x/]) {
    assert.throws(() => wh.verify(BODY, headers, { now: TS }), { name: 'TypeError', message });
  }
  for (const headers of [new Set(['webhook-id']), new Set([['webhook-id', ID, 'x']])]) {
    assert.throws(() => wh.verify(BODY, headers, { now: TS }), {
      name: 'TypeError',
      message: 'each header must be a [name, value] pair',
    });
  }
});

test('header value arrays are one level of strings', () => {
  const message = 'the items of a header value array must be strings';
  for (const value of [[[ID]], [ID, [ID]], [[]], [undefined], [null], [1]]) {
    for (const headers of [
      { ...HEADERS, 'webhook-id': value },
      [...Object.entries(HEADERS).slice(1), ['webhook-id', value]],
      { ...HEADERS, host: value }, // checked even where the core does not read the header
    ]) {
      assert.throws(() => wh.verify(BODY, headers, { now: TS }), { name: 'TypeError', message });
    }
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
  for (const ttlSeconds of [-1, 2 ** 32]) {
    assert.throws(() => new ReplayGuard({ ttlSeconds }), {
      name: 'RangeError',
      message: 'ttlSeconds must be between 1 and 4294967295',
    });
  }
  assert.throws(() => new ReplayGuard({ capacity: '10' }), TypeError);
  assert.throws(() => guard.claim({ id: ID }), TypeError);
});

test('ReplayGuard ttlSeconds is at least 1: 0 would turn replay protection off', () => {
  assert.throws(() => new ReplayGuard({ ttlSeconds: 0 }), {
    name: 'RangeError',
    message: 'ttlSeconds must be between 1 and 4294967295',
  });
  assert.equal(new ReplayGuard({ ttlSeconds: 1 }).ttlSeconds, 1);
  assert.equal(new ReplayGuard({ ttlSeconds: 2 ** 32 - 1 }).ttlSeconds, 2 ** 32 - 1);
});

test('generateSecret', () => {
  const secret = generateSecret();
  assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  assert.notEqual(secret, generateSecret());
  const fresh = new Webhook(secret);
  fresh.verify('x', fresh.sign('x'));
});

test('require and import give the same package', () => {
  const cjs = require(entry ? entry.replace(/\.mjs$/, '.cjs') : '../index.cjs');
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
  if (!entry) {
    const viaName = require('hookseal');
    assert.equal(viaName.Webhook, Webhook);
  }
});
