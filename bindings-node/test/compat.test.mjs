// `hookseal/standardwebhooks` against the `standardwebhooks` package it replaces.
//
// Every scenario runs through both `Webhook` classes and must end the same way: the same return
// value, or each module's own `WebhookVerificationError` (or the same plain `Error`) with the
// same message. The compat module is loaded both ways users load it, from the ESM entry and
// the CommonJS entry. The scenarios port those of bindings-python/tests/test_compat.py and add
// the ones the JavaScript package's source handles explicitly. The last section pins the
// differences that the compat module's header comment lists.
//
// standardwebhooks verifies against `Date.now()`, so deliveries are signed at the current
// time, with offsets far from the five-minute edges; the edges themselves are checked with
// `Date.now` stopped, which both modules read.

import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';

import * as upstream from 'standardwebhooks';

import * as hookseal from '../index.mjs';
import * as compatEsm from '../standardwebhooks.mjs';

const compatCjs = createRequire(import.meta.url)('../standardwebhooks.cjs');

const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const BODY = '{"test": 2432232314}';
const PARSED = { test: 2432232314 };
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const RAW_SECRET = SECRET.slice('whsec_'.length);
const KEY = Uint8Array.from(Buffer.from(RAW_SECRET, 'base64'));
const OTHER_SECRET = `whsec_${Buffer.from("another endpoint's secret").toString('base64')}`;
// Constructor arguments, the same for both modules.
const SECRETS = [
  ['whsec', [SECRET]],
  ['raw-base64', [RAW_SECRET]],
  ['bytes', [KEY, { format: 'raw' }]],
  ['Buffer', [Buffer.from(KEY), { format: 'raw' }]],
  ['raw-string', ['a raw secret, not base64 at all', { format: 'raw' }]],
  ['raw-latin1', ['cl\u00e9 secr\u00e8te \u00ff', { format: 'raw' }]],
];
// A signature of BODY under SECRET at another time (standardwebhooks' "invalid signature").
const STRANGER = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=';

const COMPATS = [
  ['esm', compatEsm],
  ['cjs', compatCjs],
];

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Headers of `body` signed by standardwebhooks, `offset` seconds from now. */
function delivery({ offset = 0, body = BODY, secret = [SECRET], msgId = ID } = {}) {
  const timestamp = nowSeconds() + offset;
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': new upstream.Webhook(...secret).sign(
      msgId,
      new Date(timestamp * 1000),
      body,
    ),
  };
}

/**
 * `['ok', value]`, or the name of the error class `call` threw (`WebhookVerificationError`
 * when it is the module's own) and its message.
 */
function outcome(call, module) {
  try {
    return ['ok', call()];
  } catch (err) {
    const kind =
      err instanceof module.WebhookVerificationError
        ? 'WebhookVerificationError'
        : err.constructor.name;
    return [kind, err.message];
  }
}

/** Builds both `Webhook`s from `secret`, runs `action` on each; returns both outcomes. */
function outcomes(secret, action, compat) {
  const expected = outcome(() => action(new upstream.Webhook(...secret)), upstream);
  const actual = outcome(() => action(new compat.Webhook(...secret)), compat);
  return { expected, actual };
}

/** Runs `action` on both `Webhook` classes and checks that they end the same way. */
function sameOutcome(secret, action, compat) {
  const { expected, actual } = outcomes(secret, action, compat);
  assert.deepEqual(actual, expected);
  return actual;
}

/** The compat module's `WebhookVerificationError` that `call` throws. */
function compatError(call, compat) {
  let error;
  assert.throws(call, (err) => {
    assert.ok(err instanceof compat.WebhookVerificationError, `unexpected ${err}`);
    error = err;
    return true;
  });
  return error;
}

/** The code of the hookseal `WebhookError` that `call` throws. */
function hooksealCode(call) {
  let code;
  assert.throws(call, (err) => {
    assert.ok(err instanceof hookseal.WebhookError, `unexpected ${err}`);
    code = err.code;
    return true;
  });
  return code;
}

for (const [entry, compat] of COMPATS) {
  describe(`deliveries that verify (${entry})`, () => {
    for (const [secretName, secret] of SECRETS) {
      for (const asBuffer of [false, true]) {
        for (const jsonParse of [undefined, true, false]) {
          const name = `${secretName}, ${asBuffer ? 'Buffer' : 'string'}, jsonParse ${jsonParse}`;
          test(`valid delivery (${name})`, () => {
            const headers = delivery({ secret });
            const payload = asBuffer ? Buffer.from(BODY) : BODY;
            const options = jsonParse === undefined ? undefined : { jsonParse };

            const result = sameOutcome(
              secret,
              (wh) => wh.verify(payload, headers, options),
              compat,
            );

            assert.deepEqual(result, ['ok', jsonParse === false ? undefined : PARSED]);
          });
        }
      }
    }

    test('a UTF-8 body', () => {
      const body = '{"name": "Zo\u00eb \u2713 \u65e5\u672c \ud83d\ude80"}';
      const headers = delivery({ body });

      for (const payload of [body, Buffer.from(body)]) {
        assert.deepEqual(
          sameOutcome([SECRET], (wh) => wh.verify(payload, headers), compat),
          ['ok', JSON.parse(body)],
        );
      }
    });

    test('header names match in any case', () => {
      const headers = Object.fromEntries(
        Object.entries(delivery()).map(([name, value]) => [
          name.replace(/\b\w/g, (c) => c.toUpperCase()),
          value,
        ]),
      );
      assert.ok('Webhook-Signature' in headers);

      assert.equal(sameOutcome([SECRET], (wh) => wh.verify(BODY, headers), compat)[0], 'ok');
    });

    for (const offset of [-290, -60, 60, 290]) {
      test(`a timestamp ${offset} s away`, () => {
        const headers = delivery({ offset });

        assert.equal(sameOutcome([SECRET], (wh) => wh.verify(BODY, headers), compat)[0], 'ok');
      });
    }

    for (const [offset, result] of [
      [-300, ['ok', PARSED]],
      [300, ['ok', PARSED]],
      [-301, ['WebhookVerificationError', 'Message timestamp too old']],
      [301, ['WebhookVerificationError', 'Message timestamp too new']],
    ]) {
      test(`the five-minute edge, ${offset} s, with Date.now stopped`, (t) => {
        const signedAt = 1614265330;
        const headers = {
          'webhook-id': ID,
          'webhook-timestamp': String(signedAt),
          'webhook-signature': new upstream.Webhook(SECRET).sign(
            ID,
            new Date(signedAt * 1000),
            BODY,
          ),
        };
        // Both read Date.now(), so fake clocks apply to both; 999 ms shows whole seconds count.
        t.mock.method(Date, 'now', () => (signedAt - offset) * 1000 + 999);

        assert.deepEqual(
          sameOutcome([SECRET], (wh) => wh.verify(BODY, headers), compat),
          result,
        );
      });
    }

    for (const [name, entries] of [
      ['good-first', ['{good}', STRANGER]],
      ['good-last', [STRANGER, '{good}']],
      // standardwebhooks' own multi-signature case: other versions are skipped.
      ['upstream-case', [STRANGER, STRANGER.replace('v1,', 'v2,'), '{good}', STRANGER]],
      ['v2-with-same-value', ['v2,{value}', '{good}']],
      ['double-space', [STRANGER, '', '{good}']],
      ['leading-space', ['', '{good}']],
      ['trailing-space', ['{good}', '']],
    ]) {
      test(`multiple signatures (${name})`, () => {
        const headers = delivery();
        const good = headers['webhook-signature'];
        const value = good.split(',')[1];
        headers['webhook-signature'] = entries
          .map((e) => e.replace('{good}', good).replace('{value}', value))
          .join(' ');

        assert.equal(sameOutcome([SECRET], (wh) => wh.verify(BODY, headers), compat)[0], 'ok');
      });
    }

    test('an empty body returns undefined', () => {
      const headers = delivery({ body: '' });

      for (const payload of ['', Buffer.alloc(0)]) {
        assert.deepEqual(
          sameOutcome([SECRET], (wh) => wh.verify(payload, headers), compat),
          ['ok', undefined],
        );
      }
    });

    test('a verified body that is not JSON', () => {
      const headers = delivery({ body: 'not json' });

      for (const payload of ['not json', Buffer.from('not json')]) {
        assert.deepEqual(
          sameOutcome([SECRET], (wh) => wh.verify(payload, headers, { jsonParse: false }), compat),
          ['ok', undefined],
        );
        assert.equal(
          sameOutcome([SECRET], (wh) => wh.verify(payload, headers), compat)[0],
          'SyntaxError',
        );
      }
    });

    test('a byte order mark is kept, as Buffer#toString keeps it', () => {
      const body = '\ufeff{"a": 1}';
      const headers = delivery({ body });

      assert.equal(
        sameOutcome([SECRET], (wh) => wh.verify(Buffer.from(body), headers), compat)[0],
        'SyntaxError',
      );
    });

    test('an unpadded secret', () => {
      // 31 characters: base64 of 23 bytes, without its padding.
      const secret = ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS'];
      const headers = delivery({ secret });

      assert.equal(sameOutcome(secret, (wh) => wh.verify(BODY, headers), compat)[0], 'ok');
    });
  });

  describe(`deliveries that do not verify (${entry})`, () => {
    for (const [secretName, secret] of SECRETS) {
      test(`a tampered body (${secretName})`, () => {
        const headers = delivery({ secret });

        for (const payload of [BODY.replace('2', '3'), Buffer.from(BODY.replace('2', '3'))]) {
          assert.deepEqual(
            sameOutcome(secret, (wh) => wh.verify(payload, headers), compat),
            ['WebhookVerificationError', 'No matching signature found'],
          );
        }
      });
    }

    for (const [name, change] of [
      ['other-signature', { 'webhook-signature': STRANGER }],
      ['other-id', { 'webhook-id': 'msg_other' }],
      ['other-timestamp', { 'webhook-timestamp': String(nowSeconds() - 1) }],
    ]) {
      test(`a tampered header (${name})`, () => {
        const headers = { ...delivery(), ...change };

        assert.deepEqual(
          sameOutcome([SECRET], (wh) => wh.verify(BODY, headers), compat),
          ['WebhookVerificationError', 'No matching signature found'],
        );
      });
    }

    test('the wrong secret', () => {
      const headers = delivery({ secret: [OTHER_SECRET] });

      assert.deepEqual(
        sameOutcome([SECRET], (wh) => wh.verify(BODY, headers), compat),
        ['WebhookVerificationError', 'No matching signature found'],
      );
    });

    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      for (const how of ['absent', 'empty', 'undefined']) {
        test(`a missing header (${name}, ${how})`, () => {
          const headers = delivery();
          if (how === 'absent') delete headers[name];
          else headers[name] = how === 'empty' ? '' : undefined;

          assert.deepEqual(
            sameOutcome([SECRET], (wh) => wh.verify(BODY, headers), compat),
            ['WebhookVerificationError', 'Missing required headers'],
          );
        });
      }
    }

    test('no headers at all', () => {
      assert.deepEqual(
        sameOutcome([SECRET], (wh) => wh.verify(BODY, {}), compat),
        ['WebhookVerificationError', 'Missing required headers'],
      );
    });

    test('svix-* headers are not read', () => {
      const headers = Object.fromEntries(
        Object.entries(delivery()).map(([name, value]) => [name.replace('webhook', 'svix'), value]),
      );

      assert.deepEqual(
        sameOutcome([SECRET], (wh) => wh.verify(BODY, headers), compat),
        ['WebhookVerificationError', 'Missing required headers'],
      );
    });

    for (const timestamp of ['hello', 'nan', 'abc123', '-']) {
      test(`an invalid timestamp (${timestamp})`, () => {
        const headers = { ...delivery(), 'webhook-timestamp': timestamp };

        assert.deepEqual(
          sameOutcome([SECRET], (wh) => wh.verify(BODY, headers), compat),
          ['WebhookVerificationError', 'Invalid Signature Headers'],
        );
      });
    }

    for (const [offset, message] of [
      [-310, 'Message timestamp too old'],
      [-86_400, 'Message timestamp too old'],
      [310, 'Message timestamp too new'],
      [86_400, 'Message timestamp too new'],
    ]) {
      test(`a timestamp ${offset} s away`, () => {
        const headers = delivery({ offset });

        assert.deepEqual(
          sameOutcome([SECRET], (wh) => wh.verify(BODY, headers), compat),
          ['WebhookVerificationError', message],
        );
      });
    }

    for (const [name, payload] of [
      ['object', PARSED],
      ['number', 42],
    ]) {
      test(`a payload that is neither a string nor bytes (${name})`, () => {
        const headers = delivery();

        assert.deepEqual(
          sameOutcome([SECRET], (wh) => wh.verify(payload, headers), compat),
          ['Error', 'Expected payload to be of type string or Buffer.'],
        );
      });
    }
  });

  describe(`secrets (${entry})`, () => {
    for (const [name, secret] of [
      ['prefix-only', ['whsec_']],
      ['empty-string', ['']],
      ['raw-empty-string', ['', { format: 'raw' }]],
      ['raw-empty-bytes', [new Uint8Array(0), { format: 'raw' }]],
    ]) {
      test(`an empty secret (${name})`, () => {
        assert.deepEqual(
          sameOutcome(secret, () => 'built', compat),
          ['Error', "Secret can't be empty."],
        );
      });
    }

    for (const [name, secret] of [
      ['bytes', [KEY]],
      ['bytes-base64-format', [KEY, {}]],
      ['number', [42]],
    ]) {
      test(`a secret that is not a string without format raw (${name})`, () => {
        assert.deepEqual(
          sameOutcome(secret, () => 'built', compat),
          ['Error', 'Expected secret to be of type string'],
        );
      });
    }

    for (const secret of ['abcde!', 'whsec_abc$defg', 'whsec_MfKQ9r8GKYqrTwjUPD8I LPZIo2LaLaSw']) {
      test(`a secret that is not base64 (${secret})`, () => {
        assert.throws(() => new upstream.Webhook(secret), { message: /^Base64Coder: / });
        assert.equal(
          hooksealCode(() => new compat.Webhook(secret)),
          'invalid_secret',
        );
      });
    }
  });

  describe(`signing (${entry})`, () => {
    const bodies = [
      ['json', BODY],
      ['empty', ''],
      ['utf8', '{"name": "Zo\u00eb \u2713 \ud83d\ude80"}'],
      ['Buffer', Buffer.from('{"name": "Zo\u00eb \u2713"}')],
    ];
    const dates = [
      ['seconds', new Date(1614265330 * 1000)],
      ['milliseconds', new Date(1614265330 * 1000 + 999)],
      ['iso-string', new Date('2021-02-25T15:02:10.500+02:00')],
      ['epoch', new Date(0)],
      ['far-future', new Date(999_999_999_999 * 1000)],
    ];
    for (const [secretName, secret] of SECRETS) {
      for (const [bodyName, body] of bodies) {
        for (const [dateName, date] of dates) {
          test(`sign outputs are equal (${secretName}, ${bodyName}, ${dateName})`, () => {
            const [kind, value] = sameOutcome(secret, (wh) => wh.sign(ID, date, body), compat);

            assert.equal(kind, 'ok');
            assert.match(value, /^v1,[A-Za-z0-9+/]{43}=$/);
          });
        }
      }
    }

    test('sign matches the published example', () => {
      // The example of standardwebhooks' own test suite.
      const date = new Date(1614265330 * 1000);
      const expected = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

      assert.deepEqual(
        sameOutcome([SECRET], (wh) => wh.sign(ID, date, BODY), compat),
        ['ok', expected],
      );
    });

    test('signatures cross-verify', () => {
      const now = nowSeconds();
      const date = new Date(now * 1000);
      const theirs = new upstream.Webhook(SECRET);
      const ours = new compat.Webhook(SECRET);
      for (const [signer, verifier] of [
        [theirs, ours],
        [ours, theirs],
      ]) {
        const headers = {
          'webhook-id': ID,
          'webhook-timestamp': String(now),
          'webhook-signature': signer.sign(ID, date, BODY),
        };
        assert.deepEqual(verifier.verify(BODY, headers), PARSED);
      }
    });

    test('a payload that is neither a string nor bytes', () => {
      const date = new Date(1614265330 * 1000);

      assert.deepEqual(
        sameOutcome([SECRET], (wh) => wh.sign(ID, date, PARSED), compat),
        ['Error', 'Expected payload to be of type string or Buffer.'],
      );
    });
  });

  describe(`the compat module's own surface (${entry})`, () => {
    test('exports', () => {
      const names = (module) =>
        Object.keys(module)
          .filter((name) => name !== 'default' && name !== '__esModule')
          .sort();
      assert.deepEqual(names(compat), ['Webhook', 'WebhookVerificationError']);
      assert.deepEqual(names(compat), names(upstream));
      assert.equal(compat.Webhook, compatCjs.Webhook);
      assert.equal(compat.WebhookVerificationError, compatCjs.WebhookVerificationError);
      assert.equal(compatEsm.default, compatCjs);
    });

    test('WebhookVerificationError', () => {
      const err = new compat.WebhookVerificationError('raised by the application');

      assert.ok(err instanceof Error);
      assert.ok(!(err instanceof hookseal.WebhookError));
      assert.ok(!(err instanceof upstream.WebhookVerificationError));
      assert.equal(err.name, 'WebhookVerificationError');
      assert.equal(err.message, 'raised by the application');
      assert.equal(err.code, null);
      assert.equal(err.cause, undefined);
      assert.equal(new upstream.WebhookVerificationError('x').name, err.name);
    });

    for (const [name, change, code] of [
      ['missing', { 'webhook-id': '' }, 'missing_header'],
      ['malformed', { 'webhook-timestamp': 'hello' }, 'malformed_header'],
      ['mismatch', { 'webhook-signature': STRANGER }, 'signature_mismatch'],
      ['too-old', { 'webhook-timestamp': String(nowSeconds() - 310) }, 'timestamp_too_old'],
      ['too-new', { 'webhook-timestamp': String(nowSeconds() + 310) }, 'timestamp_too_new'],
    ]) {
      test(`errors carry the hookseal code and cause (${name})`, () => {
        const headers = { ...delivery(), ...change };

        const err = compatError(() => new compat.Webhook(SECRET).verify(BODY, headers), compat);

        assert.equal(err.code, code);
        assert.ok(err.cause instanceof hookseal.WebhookError);
        assert.equal(err.cause.code, code);
      });
    }

    test('the key is not exposed', () => {
      const wh = new compat.Webhook(SECRET);

      assert.deepEqual(Object.keys(wh), []);
      assert.ok(!('key' in wh));
      assert.ok(!JSON.stringify(wh).includes(RAW_SECRET));
    });
  });

  // The differences listed in the header comment of standardwebhooks.cjs. Each pins both sides.
  describe(`documented differences (${entry})`, () => {
    for (const template of ['{ts}.0', '{ts}.9', '+{ts}', '0{ts}', '{ts}abc', ' {ts}x']) {
      test(`a timestamp standardwebhooks reads with parseInt (${template})`, () => {
        const headers = delivery();
        headers['webhook-timestamp'] = template.replace('{ts}', headers['webhook-timestamp']);

        const { expected, actual } = outcomes([SECRET], (wh) => wh.verify(BODY, headers), compat);

        assert.deepEqual(expected, ['ok', PARSED]);
        assert.deepEqual(actual, ['WebhookVerificationError', 'Invalid Signature Headers']);
      });
    }

    for (const [timestamp, message] of [
      ['1e400', 'Message timestamp too old'],
      ['-5', 'Message timestamp too old'],
      ['99999999999999', 'Message timestamp too new'],
    ]) {
      test(`a timestamp that is not 1-12 decimal digits (${timestamp})`, () => {
        const headers = { ...delivery(), 'webhook-timestamp': timestamp };

        const { expected, actual } = outcomes([SECRET], (wh) => wh.verify(BODY, headers), compat);

        assert.deepEqual(expected, ['WebhookVerificationError', message]);
        assert.deepEqual(actual, ['WebhookVerificationError', 'Invalid Signature Headers']);
      });
    }

    test('an entry with two commas', () => {
      const headers = delivery();
      headers['webhook-signature'] += ',junk';

      const { expected, actual } = outcomes([SECRET], (wh) => wh.verify(BODY, headers), compat);

      assert.deepEqual(expected, ['ok', PARSED]);
      assert.deepEqual(actual, ['WebhookVerificationError', 'Invalid Signature Headers']);
    });

    for (const [name, signature] of [
      ['only-v2', 'v2,{value}'],
      ['no-comma', '{value}'],
      ['unpadded', 'v1,{unpadded}'],
      ['not-base64', 'v1,not base64!'],
    ]) {
      test(`a header without a usable v1 entry (${name})`, () => {
        const headers = delivery();
        const value = headers['webhook-signature'].split(',')[1];
        headers['webhook-signature'] = signature
          .replace('{value}', value)
          .replace('{unpadded}', value.replace(/=+$/, ''));

        const { expected, actual } = outcomes([SECRET], (wh) => wh.verify(BODY, headers), compat);

        assert.deepEqual(expected, ['WebhookVerificationError', 'No matching signature found']);
        assert.deepEqual(actual, ['WebhookVerificationError', 'Invalid Signature Headers']);
      });
    }

    test('a secret with one base64 character over', () => {
      const secret = `${SECRET}A`;
      const headers = delivery();

      // standardwebhooks drops the stray character and still finds the key.
      assert.deepEqual(new upstream.Webhook(secret).verify(BODY, headers), PARSED);
      assert.equal(
        hooksealCode(() => new compat.Webhook(secret)),
        'invalid_secret',
      );
    });

    for (const secret of ['whsec_QQ', 'whsec_abc', 'Zm8']) {
      test(`a secret shorter than four characters (${secret})`, () => {
        assert.throws(() => new upstream.Webhook(secret), {
          message: 'Base64Coder: incorrect padding',
        });
        assert.match(new compat.Webhook(secret).sign(ID, new Date(0), BODY), /^v1,/);
      });
    }

    test('a raw string secret with a character above U+00FF', () => {
      const secret = ['secret \u2713', { format: 'raw' }];

      // standardwebhooks keeps the low byte of U+2713: the same key as "secret \x13".
      const cut = new upstream.Webhook('secret \u0013', { format: 'raw' });
      assert.equal(
        new upstream.Webhook(...secret).sign(ID, new Date(0), BODY),
        cut.sign(ID, new Date(0), BODY),
      );
      assert.equal(
        hooksealCode(() => new compat.Webhook(...secret)),
        'invalid_secret',
      );
    });

    test('a header name given twice in different cases', () => {
      const good = delivery();
      const headers = { 'WEBHOOK-SIGNATURE': STRANGER, ...good };

      const { expected, actual } = outcomes([SECRET], (wh) => wh.verify(BODY, headers), compat);

      // standardwebhooks lets the last one win.
      assert.deepEqual(expected, ['ok', PARSED]);
      assert.deepEqual(actual, ['WebhookVerificationError', 'Invalid Signature Headers']);
    });

    test('header values are trimmed', () => {
      const headers = delivery();
      headers['webhook-id'] = ` ${ID}\t`;

      const { expected, actual } = outcomes([SECRET], (wh) => wh.verify(BODY, headers), compat);

      // standardwebhooks signs the id with its spaces, so the sender's signature fails.
      assert.deepEqual(expected, ['WebhookVerificationError', 'No matching signature found']);
      assert.deepEqual(actual, ['ok', PARSED]);
    });

    test('an id longer than 256 bytes', () => {
      const headers = delivery({ msgId: 'm'.repeat(257) });

      const { expected, actual } = outcomes([SECRET], (wh) => wh.verify(BODY, headers), compat);

      assert.deepEqual(expected, ['ok', PARSED]);
      assert.deepEqual(actual, ['WebhookVerificationError', 'Invalid Signature Headers']);
    });

    test('a WHATWG Headers', () => {
      const headers = new Headers(delivery());

      const { expected, actual } = outcomes([SECRET], (wh) => wh.verify(BODY, headers), compat);

      assert.deepEqual(expected, ['WebhookVerificationError', 'Missing required headers']);
      assert.deepEqual(actual, ['ok', PARSED]);
    });

    test("Node's IncomingHttpHeaders with array values", () => {
      const headers = Object.fromEntries(
        Object.entries(delivery()).map(([name, value]) => [name, [value]]),
      );

      const { expected, actual } = outcomes([SECRET], (wh) => wh.verify(BODY, headers), compat);

      // standardwebhooks calls .split on the array.
      assert.equal(expected[0], 'TypeError');
      assert.deepEqual(actual, ['ok', PARSED]);
    });

    test('a body that is not UTF-8', () => {
      const body = Buffer.from([0xff, 0xfe, 0x20, 0x62, 0x69, 0x6e]);
      const headers = new hookseal.Webhook(SECRET).sign(body, { id: ID, timestamp: nowSeconds() });
      const verify = (options) => (wh) => wh.verify(body, headers, options);

      // standardwebhooks signs the body decoded with replacement characters.
      const noParse = outcomes([SECRET], verify({ jsonParse: false }), compat);
      assert.deepEqual(noParse.expected, [
        'WebhookVerificationError',
        'No matching signature found',
      ]);
      assert.deepEqual(noParse.actual, ['ok', undefined]);
      const parse = outcomes([SECRET], verify(), compat);
      assert.deepEqual(parse.expected, ['WebhookVerificationError', 'No matching signature found']);
      assert.equal(parse.actual[0], 'TypeError');

      const signed = outcomes([SECRET], (wh) => wh.sign(ID, new Date(0), body), compat);
      assert.equal(signed.expected[0], 'ok');
      assert.equal(signed.actual[0], 'ok');
      assert.notEqual(signed.actual[1], signed.expected[1]);
    });

    test('a Uint8Array that is not a Buffer', () => {
      const headers = delivery();
      const payload = new TextEncoder().encode(BODY);

      const { expected, actual } = outcomes([SECRET], (wh) => wh.verify(payload, headers), compat);

      assert.deepEqual(expected, ['Error', 'Expected payload to be of type string or Buffer.']);
      assert.deepEqual(actual, ['ok', PARSED]);
    });

    test('a lone surrogate in the payload, msgId or secret', () => {
      const date = new Date(1614265330 * 1000);
      const upstreamWh = new upstream.Webhook(SECRET);
      // standardwebhooks encodes a lone surrogate as U+FFFD: two strings, one signature.
      assert.equal(
        upstreamWh.sign(`${ID}\ud800`, date, `${BODY}\udfff`),
        upstreamWh.sign(`${ID}\ufffd`, date, `${BODY}\ufffd`),
      );
      const wh = new compat.Webhook(SECRET);
      assert.throws(() => wh.sign(`${ID}\ud800`, date, BODY), TypeError);
      assert.throws(() => wh.sign(ID, date, `${BODY}\udfff`), TypeError);
      assert.throws(() => wh.verify(`${BODY}\udfff`, delivery()), TypeError);
      assert.throws(() => new compat.Webhook(`${SECRET}\ud800`), TypeError);
    });

    for (const [name, msgId, date, error] of [
      ['empty-id', '', new Date(1614265330 * 1000), 'malformed_header'],
      ['long-id', 'm'.repeat(257), new Date(1614265330 * 1000), 'malformed_header'],
      ['before-1970', ID, new Date(-1000), 'malformed_header'],
      ['after-999999999999', ID, new Date(1_000_000_000_000 * 1000), 'malformed_header'],
      ['invalid-date', ID, new Date(Number.NaN), TypeError],
      ['number-id', 42, new Date(1614265330 * 1000), TypeError],
    ]) {
      test(`sign refuses what no verifier accepts (${name})`, () => {
        assert.match(new upstream.Webhook(SECRET).sign(msgId, date, BODY), /^v1,/);
        const sign = () => new compat.Webhook(SECRET).sign(msgId, date, BODY);
        if (typeof error === 'string') assert.equal(hooksealCode(sign), error);
        else assert.throws(sign, error);
      });
    }
  });
}
