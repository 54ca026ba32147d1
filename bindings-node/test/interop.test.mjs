// Interop with the libraries users would otherwise pick, both ways.
//
// For each of standardwebhooks, svix, stripe and @octokit/webhooks-methods: what the library
// signs verifies with hookseal, what hookseal signs verifies with the library, secret rotation
// works across the two, and both refuse a tampered body. The last section pins the inputs on
// which they disagree on purpose (API.md decides them), so that an upgrade of either side that
// changes one shows up. This mirrors bindings-python/tests/test_interop.py.
//
// hookseal always gets an explicit `now`. standardwebhooks, svix and stripe's `constructEvent`
// read the real clock when verifying, so those cases sign at the current time; their signing
// helpers take a time, so the other direction uses fixed times. Nothing here talks to a server.

import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { describe, test } from 'node:test';

import {
  sign as octokitSign,
  verify as octokitVerify,
  verifyWithFallback,
} from '@octokit/webhooks-methods';
import {
  Webhook as StandardWebhook,
  WebhookVerificationError as StandardError,
} from 'standardwebhooks';
import Stripe from 'stripe';
import { Webhook as SvixWebhook, WebhookVerificationError as SvixError } from 'svix';

import { Webhook, WebhookError } from '../index.mjs';

const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TS = 1614265330;
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SECRET_2 = `whsec_${Buffer.from('the second secret, for rotation!').toString('base64')}`;
const BODIES = [
  ['ascii', '{"test": 2432232314}'],
  ['utf8', '{"name": "Zo\u00eb \u2713 \u65e5\u672c"}'],
];
const BODY = BODIES[0][1];
// The same key written the three ways both libraries accept: hookseal's value and the
// library's constructor arguments (bytes need `format: 'raw'` there).
const KEY = Uint8Array.from(Buffer.from(SECRET.slice('whsec_'.length), 'base64'));
const SECRETS = [
  ['whsec', SECRET, [SECRET]],
  ['raw-base64', SECRET.slice('whsec_'.length), [SECRET.slice('whsec_'.length)]],
  ['bytes', KEY, [KEY, { format: 'raw' }]],
];

const STRIPE_SECRET = 'whsec_test_a1b2c3d4e5f6g7h8i9j0';
const STRIPE_SECRET_2 = 'whsec_test_rotated_k1l2m3n4o5p6';
const STRIPE_BODY = JSON.stringify(
  {
    id: 'evt_1NG8Du2eZvKYlo2CUI79vXWy',
    object: 'event',
    type: 'payment_intent.succeeded',
    data: { object: { id: 'pi_3MtwBwLkdIwHu7ix28a3tqPa', object: 'payment_intent' } },
  },
  null,
  2,
);
// A dummy key: constructing the client and its webhook helpers makes no request.
const stripe = new Stripe('sk_test_hookseal_interop_dummy_key');

const GITHUB_SECRET = "It's a Secret to Everybody";
const GITHUB_SECRET_2 = 'the rotated GitHub secret';
const GITHUB_BODIES = [
  ['docs', 'Hello, World!'],
  ['json', '{"action": "opened", "sender": {"login": "Zo\u00eb \u2713"}}'],
];
const DELIVERY = '72d3162e-cc78-11e3-81ab-4c9367dc0958';

/** The clock, in the whole seconds that hookseal's `now` takes. */
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The three Standard Webhooks headers, under `webhook-*` or `svix-*` names. */
function webhookHeaders(prefix, msgId, timestamp, signature) {
  return {
    [`${prefix}-id`]: msgId,
    [`${prefix}-timestamp`]: String(timestamp),
    [`${prefix}-signature`]: signature,
  };
}

/** hookseal's `webhook-*` headers under another prefix. */
function renamed(headers, prefix) {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.replace('webhook', prefix), value]),
  );
}

const tampered = (body) => body.replace('}', ', "extra": 1}');

/** The code of the hookseal `WebhookError` that `call` throws. */
function codeOf(call) {
  let code;
  assert.throws(call, (err) => {
    assert.ok(err instanceof WebhookError, `expected a WebhookError, got ${err}`);
    code = err.code;
    return true;
  });
  return code;
}

const when = (seconds) => new Date(seconds * 1000);

describe('standardwebhooks', () => {
  for (const [prefix] of [['webhook'], ['svix']]) {
    for (const [bodyName, body] of BODIES) {
      for (const [secretName, secret, args] of SECRETS) {
        test(`its signature verifies with hookseal (${prefix}, ${bodyName}, ${secretName})`, () => {
          const signature = new StandardWebhook(...args).sign(ID, when(TS), body);
          const headers = webhookHeaders(prefix, ID, TS, signature);

          const verified = new Webhook(secret).verify(body, headers, { now: TS });

          assert.deepEqual(verified.toJSON(), {
            id: ID,
            timestamp: TS,
            secretIndex: 0,
            scheme: 'standard',
          });
          const own = new Webhook(secret).sign(body, { id: ID, timestamp: TS });
          assert.equal(own['webhook-signature'], signature);
        });
      }
    }
  }

  for (const [bodyName, body] of BODIES) {
    for (const [secretName, secret, args] of SECRETS) {
      test(`hookseal's signature verifies with it (${bodyName}, ${secretName})`, () => {
        const headers = new Webhook(secret).sign(body, { id: ID, timestamp: nowSeconds() });

        assert.deepEqual(new StandardWebhook(...args).verify(body, headers), JSON.parse(body));
        assert.deepEqual(
          new StandardWebhook(...args).verify(Buffer.from(body), headers),
          JSON.parse(body),
        );
      });
    }
  }

  test('it verifies either secret of a hookseal rotation', () => {
    const headers = new Webhook([SECRET, SECRET_2]).sign(BODY, { id: ID, timestamp: nowSeconds() });

    assert.equal(headers['webhook-signature'].split(' ').length, 2);
    for (const secret of [SECRET, SECRET_2]) {
      assert.deepEqual(new StandardWebhook(secret).verify(BODY, headers), JSON.parse(BODY));
    }
  });

  for (const prefix of ['webhook', 'svix']) {
    test(`hookseal verifies its signatures of a rotation (${prefix})`, () => {
      const [old, fresh] = [SECRET, SECRET_2].map((s) =>
        new StandardWebhook(s).sign(ID, when(TS), BODY),
      );
      const both = new Webhook([SECRET, SECRET_2]);

      const verify = (signature) =>
        both.verify(BODY, webhookHeaders(prefix, ID, TS, signature), {
          now: TS,
        });
      assert.equal(verify(fresh).secretIndex, 1);
      assert.equal(verify(old).secretIndex, 0);
      for (const secret of [SECRET, SECRET_2]) {
        const headers = webhookHeaders(prefix, ID, TS, `${old} ${fresh}`);
        assert.equal(new Webhook(secret).verify(BODY, headers, { now: TS }).id, ID);
      }
    });
  }

  test('a tampered body is refused by both', () => {
    const headers = new Webhook(SECRET).sign(BODY, { id: ID, timestamp: nowSeconds() });
    assert.throws(() => new StandardWebhook(SECRET).verify(tampered(BODY), headers), {
      name: 'WebhookVerificationError',
      message: 'No matching signature found',
    });
    assert.throws(() => new StandardWebhook(SECRET).verify(tampered(BODY), headers), StandardError);

    const signature = new StandardWebhook(SECRET).sign(ID, when(TS), BODY);
    const theirs = webhookHeaders('webhook', ID, TS, signature);
    const wh = new Webhook(SECRET);
    assert.equal(
      codeOf(() => wh.verify(tampered(BODY), theirs, { now: TS })),
      'signature_mismatch',
    );
  });

  for (const [offset, message, code] of [
    [-600, 'Message timestamp too old', 'timestamp_too_old'],
    [600, 'Message timestamp too new', 'timestamp_too_new'],
  ]) {
    test(`both refuse a timestamp ${offset} s away`, () => {
      const now = nowSeconds();
      const wh = new Webhook(SECRET);
      const headers = wh.sign(BODY, { id: ID, timestamp: now + offset });

      assert.throws(() => new StandardWebhook(SECRET).verify(BODY, headers), { message });
      assert.equal(
        codeOf(() => wh.verify(BODY, headers, { now })),
        code,
      );
    });
  }
});

describe('svix', () => {
  for (const prefix of ['svix', 'webhook']) {
    for (const [bodyName, body] of BODIES) {
      for (const [secretName, secret, args] of SECRETS) {
        test(`its signature verifies with hookseal (${prefix}, ${bodyName}, ${secretName})`, () => {
          const signature = new SvixWebhook(...args).sign(ID, when(TS), body);
          const headers = webhookHeaders(prefix, ID, TS, signature);

          const verified = new Webhook(secret).verify(Buffer.from(body), headers, { now: TS });

          assert.deepEqual(
            [verified.id, verified.timestamp, verified.scheme],
            [ID, TS, 'standard'],
          );
        });

        test(`hookseal's signature passes svix (${prefix}, ${bodyName}, ${secretName})`, () => {
          const signed = new Webhook(secret).sign(body, { id: ID, timestamp: nowSeconds() });
          const headers = renamed(signed, prefix);

          // svix's verify returns nothing and throws on failure.
          assert.equal(new SvixWebhook(...args).verify(body, headers), undefined);
          assert.equal(new SvixWebhook(...args).verify(Buffer.from(body), headers), undefined);
        });
      }
    }

    test(`it verifies either secret of a hookseal rotation (${prefix})`, () => {
      const signed = new Webhook([SECRET, SECRET_2]).sign(BODY, {
        id: ID,
        timestamp: nowSeconds(),
      });

      for (const secret of [SECRET, SECRET_2]) {
        new SvixWebhook(secret).verify(BODY, renamed(signed, prefix));
      }
    });

    test(`a tampered body is refused by both (${prefix})`, () => {
      const signed = new Webhook(SECRET).sign(BODY, { id: ID, timestamp: nowSeconds() });
      assert.throws(
        () => new SvixWebhook(SECRET).verify(tampered(BODY), renamed(signed, prefix)),
        (err) => err instanceof SvixError && err.message === 'No matching signature found',
      );

      const signature = new SvixWebhook(SECRET).sign(ID, when(TS), BODY);
      const headers = webhookHeaders(prefix, ID, TS, signature);
      const wh = new Webhook(SECRET);
      assert.equal(
        codeOf(() => wh.verify(tampered(BODY), headers, { now: TS })),
        'signature_mismatch',
      );
    });
  }

  test('hookseal verifies its signatures of a rotation', () => {
    const signature = new SvixWebhook(SECRET_2).sign(ID, when(TS), BODY);
    const headers = webhookHeaders('svix', ID, TS, signature);

    const verified = new Webhook([SECRET, SECRET_2]).verify(BODY, headers, { now: TS });

    assert.equal(verified.secretIndex, 1);
  });
});

describe('stripe', () => {
  const stripeHeader = (wh, body, timestamp) => wh.sign(body, { timestamp })['Stripe-Signature'];

  for (const asBuffer of [false, true]) {
    const kind = asBuffer ? 'Buffer' : 'string';
    test(`hookseal's Stripe-Signature passes constructEvent (${kind})`, () => {
      const header = stripeHeader(
        new Webhook(STRIPE_SECRET, { scheme: 'stripe' }),
        STRIPE_BODY,
        nowSeconds(),
      );
      const payload = asBuffer ? Buffer.from(STRIPE_BODY) : STRIPE_BODY;

      const event = stripe.webhooks.constructEvent(payload, header, STRIPE_SECRET);

      assert.equal(event.id, 'evt_1NG8Du2eZvKYlo2CUI79vXWy');
      assert.equal(event.type, 'payment_intent.succeeded');
      assert.equal(
        stripe.webhooks.signature.verifyHeader(payload, header, STRIPE_SECRET, 300),
        true,
      );
    });
  }

  test("hookseal's header at a fixed time passes constructEvent at that time", () => {
    const header = stripeHeader(new Webhook(STRIPE_SECRET, { scheme: 'stripe' }), STRIPE_BODY, TS);

    // constructEvent's sixth argument is its clock, in milliseconds.
    const event = stripe.webhooks.constructEvent(
      STRIPE_BODY,
      header,
      STRIPE_SECRET,
      300,
      undefined,
      TS * 1000,
    );
    assert.equal(event.object, 'event');
    assert.equal(
      header,
      stripe.webhooks.generateTestHeaderString({
        payload: STRIPE_BODY,
        secret: STRIPE_SECRET,
        timestamp: TS,
      }),
    );
  });

  for (const asBuffer of [false, true]) {
    const kind = asBuffer ? 'Buffer' : 'string';
    test(`generateTestHeaderString verifies with hookseal (${kind})`, () => {
      const header = stripe.webhooks.generateTestHeaderString({
        payload: STRIPE_BODY,
        secret: STRIPE_SECRET,
        timestamp: TS,
      });
      const wh = new Webhook(STRIPE_SECRET, { scheme: 'stripe' });
      const body = asBuffer ? Buffer.from(STRIPE_BODY) : STRIPE_BODY;

      const verified = wh.verify(body, { 'stripe-signature': header }, { now: TS });

      assert.deepEqual(verified.toJSON(), {
        id: null,
        timestamp: TS,
        secretIndex: 0,
        scheme: 'stripe',
      });
    });
  }

  test('it verifies either secret of a hookseal rotation', () => {
    const wh = new Webhook([STRIPE_SECRET, STRIPE_SECRET_2], { scheme: 'stripe' });
    const header = stripeHeader(wh, STRIPE_BODY, nowSeconds());

    assert.equal(header.split('v1=').length - 1, 2);
    for (const secret of [STRIPE_SECRET, STRIPE_SECRET_2]) {
      assert.equal(
        stripe.webhooks.constructEvent(STRIPE_BODY, header, secret).type,
        'payment_intent.succeeded',
      );
    }
  });

  for (const [age, secret] of [
    ['old', STRIPE_SECRET],
    ['new', STRIPE_SECRET_2],
  ]) {
    test(`hookseal verifies Stripe's headers of a rotation (${age} secret)`, () => {
      // Stripe sends one v1 per active secret while an endpoint's secret is being rolled.
      const [first, second] = [STRIPE_SECRET, STRIPE_SECRET_2].map((s) =>
        stripe.webhooks.generateTestHeaderString({
          payload: STRIPE_BODY,
          secret: s,
          timestamp: TS,
        }),
      );
      const header = `${first},${second.slice(second.indexOf(',') + 1)}`;
      const one = new Webhook(secret, { scheme: 'stripe' });
      const both = new Webhook([STRIPE_SECRET, STRIPE_SECRET_2], { scheme: 'stripe' });

      assert.equal(
        one.verify(STRIPE_BODY, { 'Stripe-Signature': header }, { now: TS }).timestamp,
        TS,
      );
      assert.equal(
        both.verify(STRIPE_BODY, { 'Stripe-Signature': second }, { now: TS }).secretIndex,
        1,
      );
    });
  }

  test('a tampered body is refused by both', () => {
    const wh = new Webhook(STRIPE_SECRET, { scheme: 'stripe' });
    const header = stripeHeader(wh, STRIPE_BODY, nowSeconds());
    assert.throws(
      () => stripe.webhooks.constructEvent(tampered(STRIPE_BODY), header, STRIPE_SECRET),
      (err) =>
        err instanceof Stripe.errors.StripeSignatureVerificationError &&
        err.message.startsWith('No signatures found matching the expected signature for payload'),
    );

    const theirs = stripe.webhooks.generateTestHeaderString({
      payload: STRIPE_BODY,
      secret: STRIPE_SECRET,
      timestamp: TS,
    });
    const headers = { 'Stripe-Signature': theirs };
    assert.equal(
      codeOf(() => wh.verify(tampered(STRIPE_BODY), headers, { now: TS })),
      'signature_mismatch',
    );
  });

  test('both refuse the same old timestamp', () => {
    const now = nowSeconds();
    const wh = new Webhook(STRIPE_SECRET, { scheme: 'stripe' });
    const headers = wh.sign(STRIPE_BODY, { timestamp: now - 600 });

    assert.throws(
      () => stripe.webhooks.constructEvent(STRIPE_BODY, headers['Stripe-Signature'], STRIPE_SECRET),
      {
        message: 'Timestamp outside the tolerance zone',
      },
    );
    assert.equal(
      codeOf(() => wh.verify(STRIPE_BODY, headers, { now })),
      'timestamp_too_old',
    );
  });
});

describe('@octokit/webhooks-methods', () => {
  test("hookseal signs GitHub's documented example", async () => {
    // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
    const expected = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
    const wh = new Webhook(GITHUB_SECRET, { scheme: 'github' });

    assert.equal(await octokitSign(GITHUB_SECRET, 'Hello, World!'), expected);
    assert.deepEqual(wh.sign('Hello, World!'), { 'X-Hub-Signature-256': expected });
  });

  for (const [bodyName, body] of GITHUB_BODIES) {
    for (const asBuffer of [false, true]) {
      const kind = asBuffer ? 'Buffer' : 'string';
      test(`its signature verifies with hookseal (${bodyName}, ${kind})`, async () => {
        const signature = await octokitSign(GITHUB_SECRET, body);
        const headers = { 'X-Hub-Signature-256': signature, 'X-GitHub-Delivery': DELIVERY };
        const wh = new Webhook(GITHUB_SECRET, { scheme: 'github' });

        const verified = wh.verify(asBuffer ? Buffer.from(body) : body, headers, { now: TS });

        assert.deepEqual(verified.toJSON(), {
          id: DELIVERY,
          timestamp: null,
          secretIndex: 0,
          scheme: 'github',
        });
      });
    }

    test(`hookseal's X-Hub-Signature-256 passes verify (${bodyName})`, async () => {
      const headers = new Webhook(GITHUB_SECRET, { scheme: 'github' }).sign(body, { id: DELIVERY });

      assert.equal(headers['X-GitHub-Delivery'], DELIVERY);
      assert.equal(await octokitVerify(GITHUB_SECRET, body, headers['X-Hub-Signature-256']), true);
    });
  }

  test('a hookseal rotation signs with the first secret and verifies either', async () => {
    const both = new Webhook([GITHUB_SECRET, GITHUB_SECRET_2], { scheme: 'github' });
    const signature = both.sign(BODY)['X-Hub-Signature-256'];

    // GitHub carries one signature, so hookseal signs with the first secret only.
    assert.equal(await octokitVerify(GITHUB_SECRET, BODY, signature), true);
    assert.equal(await octokitVerify(GITHUB_SECRET_2, BODY, signature), false);
    assert.equal(await verifyWithFallback(GITHUB_SECRET_2, BODY, signature, [GITHUB_SECRET]), true);

    const theirs = await octokitSign(GITHUB_SECRET_2, BODY);
    assert.equal(both.verify(BODY, { 'x-hub-signature-256': theirs }).secretIndex, 1);
  });

  test('a tampered body is refused by both', async () => {
    const wh = new Webhook(GITHUB_SECRET, { scheme: 'github' });
    const ours = wh.sign(BODY)['X-Hub-Signature-256'];
    assert.equal(await octokitVerify(GITHUB_SECRET, tampered(BODY), ours), false);

    const theirs = await octokitSign(GITHUB_SECRET, BODY);
    const headers = { 'X-Hub-Signature-256': theirs };
    assert.equal(
      codeOf(() => wh.verify(tampered(BODY), headers)),
      'signature_mismatch',
    );
  });
});

// Where the libraries and hookseal disagree. API.md decides each of these; the tests pin both
// sides so that a change on either shows up.

describe('differences', () => {
  test('standardwebhooks reads only webhook-* headers; hookseal falls back to svix-*', () => {
    const now = nowSeconds();
    const headers = renamed(new Webhook(SECRET).sign(BODY, { id: ID, timestamp: now }), 'svix');

    assert.throws(() => new StandardWebhook(SECRET).verify(BODY, headers), {
      message: 'Missing required headers',
    });
    assert.equal(new Webhook(SECRET).verify(BODY, headers, { now }).id, ID);
  });

  for (const template of ['{ts}.0', '0{ts}', '+{ts}', '{ts}abc']) {
    test(`standardwebhooks accepts the timestamp ${template}; hookseal refuses it`, () => {
      const now = nowSeconds();
      const headers = new Webhook(SECRET).sign(BODY, { id: ID, timestamp: now });
      // standardwebhooks reads the header with parseInt and signs the number it found.
      headers['webhook-timestamp'] = template.replace('{ts}', now);

      assert.deepEqual(new StandardWebhook(SECRET).verify(BODY, headers), JSON.parse(BODY));
      const wh = new Webhook(SECRET);
      assert.equal(
        codeOf(() => wh.verify(BODY, headers, { now })),
        'malformed_header',
      );
    });
  }

  test('standardwebhooks reads v1,<sig>,junk up to the second comma; hookseal refuses it', () => {
    const now = nowSeconds();
    const headers = new Webhook(SECRET).sign(BODY, { id: ID, timestamp: now });
    headers['webhook-signature'] += ',junk';

    assert.deepEqual(new StandardWebhook(SECRET).verify(BODY, headers), JSON.parse(BODY));
    const wh = new Webhook(SECRET);
    assert.equal(
      codeOf(() => wh.verify(BODY, headers, { now })),
      'malformed_header',
    );
  });

  test('svix prefers svix-* headers; hookseal prefers webhook-* headers', () => {
    const now = nowSeconds();
    const good = new Webhook(SECRET).sign(BODY, { id: ID, timestamp: now });
    const bad = new Webhook(SECRET_2).sign(BODY, { id: ID, timestamp: now });
    const wh = new Webhook(SECRET);

    const goodSvixBadWebhook = { ...renamed(good, 'svix'), ...bad };
    new SvixWebhook(SECRET).verify(BODY, goodSvixBadWebhook);
    assert.equal(
      codeOf(() => wh.verify(BODY, goodSvixBadWebhook, { now })),
      'signature_mismatch',
    );

    const badSvixGoodWebhook = { ...renamed(bad, 'svix'), ...good };
    assert.throws(() => new SvixWebhook(SECRET).verify(BODY, badSvixGoodWebhook), SvixError);
    assert.equal(wh.verify(BODY, badSvixGoodWebhook, { now }).id, ID);
  });

  test('stripe accepts future timestamps; hookseal refuses them', () => {
    const now = nowSeconds();
    const wh = new Webhook(STRIPE_SECRET, { scheme: 'stripe' });
    const headers = wh.sign(STRIPE_BODY, { timestamp: now + 3600 });

    // stripe checks only the past side of its tolerance.
    assert.equal(
      stripe.webhooks.constructEvent(STRIPE_BODY, headers['Stripe-Signature'], STRIPE_SECRET).type,
      'payment_intent.succeeded',
    );
    assert.equal(
      codeOf(() => wh.verify(STRIPE_BODY, headers, { now })),
      'timestamp_too_new',
    );
  });

  // [name, header template, stripe accepts, hookseal's code (null: verifies)]
  for (const [name, template, stripeAccepts, hooksealCode] of [
    ['upper-hex', 't={ts},v1={V1}', false, null], // hex in either case
    ['spaces', 't={ts}, v1={v1}', false, null], // spaces around items
    ['leading-space', ' t={ts},v1={v1}', false, null],
    ['two-t', 't=1,t={ts},v1={v1}', true, 'malformed_header'], // exactly one t; stripe: last
    ['item-without-equals', 't={ts},junk,v1={v1}', true, 'malformed_header'], // key=value items
    ['leading-zero', 't=0{ts},v1={v1}', true, 'malformed_header'], // decimal timestamps
    ['decimal-point', 't={ts}.0,v1={v1}', true, 'malformed_header'],
    ['v1-with-second-equals', 't={ts},v1={v1}=', true, 'malformed_header'], // stripe cuts at =
  ]) {
    test(`Stripe-Signature parsing: ${name}`, () => {
      const now = nowSeconds();
      const wh = new Webhook(STRIPE_SECRET, { scheme: 'stripe' });
      const v1 = wh.sign(STRIPE_BODY, { timestamp: now })['Stripe-Signature'].split('v1=')[1];
      const header = template
        .replaceAll('{ts}', now)
        .replaceAll('{v1}', v1)
        .replaceAll('{V1}', v1.toUpperCase());

      let accepted = true;
      try {
        stripe.webhooks.constructEvent(STRIPE_BODY, header, STRIPE_SECRET);
      } catch (err) {
        assert.ok(err instanceof Stripe.errors.StripeSignatureVerificationError, String(err));
        accepted = false;
      }
      assert.equal(accepted, stripeAccepts);
      const headers = { 'Stripe-Signature': header };
      if (hooksealCode === null) {
        assert.equal(wh.verify(STRIPE_BODY, headers, { now }).timestamp, now);
      } else {
        assert.equal(
          codeOf(() => wh.verify(STRIPE_BODY, headers, { now })),
          hooksealCode,
        );
      }
    });
  }

  test('octokit refuses uppercase hex; hookseal accepts it', async () => {
    const wh = new Webhook(GITHUB_SECRET, { scheme: 'github' });
    const signature = await octokitSign(GITHUB_SECRET, BODY);
    const upper = `sha256=${signature.slice('sha256='.length).toUpperCase()}`;

    assert.equal(await octokitVerify(GITHUB_SECRET, BODY, upper), false);
    assert.equal(wh.verify(BODY, { 'X-Hub-Signature-256': upper }).scheme, 'github');
  });

  test('octokit answers false without the sha256= prefix; hookseal: malformed_header', async () => {
    const wh = new Webhook(GITHUB_SECRET, { scheme: 'github' });
    const bare = (await octokitSign(GITHUB_SECRET, BODY)).slice('sha256='.length);

    assert.equal(await octokitVerify(GITHUB_SECRET, BODY, bare), false);
    assert.equal(
      codeOf(() => wh.verify(BODY, { 'X-Hub-Signature-256': bare })),
      'malformed_header',
    );
  });

  test('octokit verifies strings only; hookseal verifies the bytes of a body', async () => {
    const body = Buffer.from([0xff, 0xfe, 0x20, 0x62, 0x69, 0x6e]);
    const wh = new Webhook(GITHUB_SECRET, { scheme: 'github' });
    const headers = wh.sign(body);

    await assert.rejects(
      octokitVerify(GITHUB_SECRET, body, headers['X-Hub-Signature-256']),
      TypeError,
    );
    assert.equal(wh.verify(body, headers).secretIndex, 0);
  });
});
