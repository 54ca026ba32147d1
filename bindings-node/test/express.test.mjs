// hookseal/express over real HTTP: an Express app on loopback, requests with fetch (and
// node:http where fetch cannot say it: duplicate headers, compressed bodies, aborts).

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';

import express from 'express';

import { ReplayGuard, Verified, Webhook, WebhookError, generateSecret } from '../index.mjs';
import { webhookMiddleware } from '../express.mjs';
import expressDefault from '../express.mjs';

const require = createRequire(import.meta.url);
const HAS_REDIS_MODULE = existsSync(new URL('../redis.cjs', import.meta.url));
const HAS_REDIS_SERVER = existsSync('/usr/bin/redis-server');

const wh = new Webhook(generateSecret());
const now = () => Math.floor(Date.now() / 1000);

/** Serves `app` on 127.0.0.1 and returns its URL; the server closes after the file's tests. */
const servers = [];
async function serve(app) {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  servers.push(server);
  return `http://127.0.0.1:${server.address().port}/webhook`;
}
after(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/**
 * An app answering POST /webhook with `handler` behind the middleware; `calls` records the
 * `req.webhook` and `req.body` each handler run saw.
 */
function receiver({ guard, parsers = [express.raw({ type: '*/*' })], handler, errorHandler } = {}) {
  const app = express();
  app.set('env', 'test'); // Express's final handler then answers 500 without logging a stack
  const calls = [];
  app.post('/webhook', ...parsers, webhookMiddleware(wh, { guard }), (req, res, next) => {
    calls.push({ webhook: req.webhook, body: req.body });
    if (handler) return handler(req, res, next);
    res.json({ ok: true, id: req.webhook.id });
  });
  if (errorHandler) app.use(errorHandler);
  return { app, calls };
}

async function post(url, body, headers) {
  const response = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
  return { status: response.status, json: await response.json() };
}

/** A POST through node:http, for what fetch cannot send; resolves to the status and JSON. */
function rawPost(url, body, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode, json: JSON.parse(Buffer.concat(chunks).toString()) }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

let n = 0;
function delivery(headerOptions) {
  n += 1;
  const body = JSON.stringify({ type: 'invoice.paid', n });
  return { body, headers: wh.sign(body, headerOptions) };
}

describe('webhookMiddleware: verification', () => {
  let url;
  let calls;
  before(async () => {
    const made = receiver();
    calls = made.calls;
    url = await serve(made.app);
  });

  test('a valid delivery reaches the handler with req.webhook and the raw body', async () => {
    const { body, headers } = delivery({ id: 'msg_valid' });
    const before = calls.length;
    const { status, json } = await post(url, body, headers);
    assert.equal(status, 200);
    assert.deepEqual(json, { ok: true, id: 'msg_valid' });
    assert.equal(calls.length, before + 1);
    const { webhook, body: seen } = calls.at(-1);
    assert.ok(webhook instanceof Verified);
    assert.equal(webhook.id, 'msg_valid');
    assert.equal(webhook.scheme, 'standard');
    assert.equal(webhook.secretIndex, 0);
    assert.ok(Buffer.isBuffer(seen));
    assert.equal(seen.toString(), body);
  });

  const refusals = [
    [
      'missing_header',
      400,
      ({ body, headers }) => {
        const { 'webhook-signature': _, ...rest } = headers;
        return [body, rest];
      },
    ],
    [
      'malformed_header',
      400,
      ({ body, headers }) => [body, { ...headers, 'webhook-timestamp': '01' }],
    ],
    [
      'signature_mismatch',
      401,
      ({ body, headers }) => [body.replace('invoice', 'refund'), headers],
    ],
    ['timestamp_too_old', 401, ({ body }) => [body, wh.sign(body, { timestamp: now() - 3600 })]],
    ['timestamp_too_new', 401, ({ body }) => [body, wh.sign(body, { timestamp: now() + 3600 })]],
  ];
  for (const [code, wantStatus, tamper] of refusals) {
    test(`${code} answers ${wantStatus} {"error": "${code}"} without calling the handler`, async () => {
      const before = calls.length;
      const [body, headers] = tamper(delivery());
      const { status, json } = await post(url, body, headers);
      assert.equal(status, wantStatus);
      assert.deepEqual(json, { error: code });
      assert.equal(calls.length, before);
    });
  }

  test('a header sent twice is malformed_header, not joined by ", "', async () => {
    const { body, headers } = delivery();
    const sig = headers['webhook-signature'];
    const { status, json } = await rawPost(url, body, {
      ...headers,
      'content-type': 'application/json',
      'webhook-signature': [sig, sig],
    });
    assert.equal(status, 400);
    assert.deepEqual(json, { error: 'malformed_header' });
  });

  test('refusals are JSON', async () => {
    const response = await fetch(url, { method: 'POST', body: '{}' });
    assert.equal(response.status, 400);
    assert.match(response.headers.get('content-type'), /^application\/json/);
  });
});

describe('webhookMiddleware: replay guard', () => {
  test('a replay answers 200 {"error": "replayed"} and the handler does not run again', async () => {
    const { app, calls } = receiver({ guard: new ReplayGuard() });
    const url = await serve(app);
    const { body, headers } = delivery();
    assert.equal((await post(url, body, headers)).status, 200);
    const replay = await post(url, body, headers);
    assert.equal(replay.status, 200);
    assert.deepEqual(replay.json, { error: 'replayed' });
    assert.equal(calls.length, 1);
  });

  test('a full guard answers 503 {"error": "guard_full"}', async () => {
    const { app, calls } = receiver({ guard: new ReplayGuard({ capacity: 1 }) });
    const url = await serve(app);
    const first = delivery();
    assert.equal((await post(url, first.body, first.headers)).status, 200);
    const second = delivery();
    const { status, json } = await post(url, second.body, second.headers);
    assert.equal(status, 503);
    assert.deepEqual(json, { error: 'guard_full' });
    assert.equal(calls.length, 1);
  });

  test('a guard whose claim rejects with an Error answers 503 guard_unavailable', async () => {
    const released = [];
    const guard = {
      claim: async () => {
        throw new Error('connect ECONNREFUSED 10.0.0.1:6379 key=hookseal:secret-looking');
      },
      release: async (v) => released.push(v),
    };
    const { app, calls } = receiver({ guard });
    const url = await serve(app);
    const warnings = [];
    const onWarning = (w) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const { body, headers } = delivery();
      const { status, json } = await post(url, body, headers);
      assert.equal(status, 503);
      assert.deepEqual(json, { error: 'guard_unavailable' });
      assert.equal(calls.length, 0);
      assert.equal(released.length, 0);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on next tick
    } finally {
      process.off('warning', onWarning);
    }
    const warning = warnings.find((w) => w.code === 'HOOKSEAL_GUARD_UNAVAILABLE');
    assert.ok(warning, 'a HooksealWarning is emitted');
    assert.equal(warning.name, 'HooksealWarning');
    assert.match(warning.message, /\(Error\)/);
    assert.doesNotMatch(warning.message, /ECONNREFUSED|secret-looking/);
  });

  test('a guard whose claim throws synchronously (not a WebhookError) answers 503', async () => {
    const guard = {
      claim() {
        throw new TypeError('boom');
      },
      release() {},
    };
    const { app } = receiver({ guard });
    const url = await serve(app);
    const { body, headers } = delivery();
    const { status, json } = await post(url, body, headers);
    assert.equal(status, 503);
    assert.deepEqual(json, { error: 'guard_unavailable' });
  });

  test('an async guard that rejects with WebhookError codes is mapped like ReplayGuard', async () => {
    const inner = new ReplayGuard({ capacity: 1 });
    const guard = {
      claim: async (v) => inner.claim(v),
      release: async (v) => inner.release(v),
    };
    const { app, calls } = receiver({ guard });
    const url = await serve(app);
    const { body, headers } = delivery();
    assert.equal((await post(url, body, headers)).status, 200);
    assert.deepEqual(await post(url, body, headers), { status: 200, json: { error: 'replayed' } });
    const other = delivery();
    assert.deepEqual(await post(url, other.body, other.headers), {
      status: 503,
      json: { error: 'guard_full' },
    });
    assert.equal(calls.length, 1);
  });

  test(
    'the real RedisReplayGuard on a client connected to nothing answers 503 guard_unavailable',
    { skip: !HAS_REDIS_MODULE && 'bindings-node/redis.cjs is not there' },
    async () => {
      const { RedisReplayGuard } = await import('../redis.mjs');
      const { createClient } = await import('redis');
      // Never connected: node-redis refuses every command at once (ClientClosedError).
      const client = createClient({ url: 'redis://127.0.0.1:9' });
      const { app, calls } = receiver({ guard: new RedisReplayGuard(client, { timeoutMs: 500 }) });
      const url = await serve(app);
      const { body, headers } = delivery();
      const started = Date.now();
      const { status, json } = await post(url, body, headers);
      assert.equal(status, 503);
      assert.deepEqual(json, { error: 'guard_unavailable' });
      assert.equal(calls.length, 0);
      assert.ok(Date.now() - started < 2000, 'answers promptly');
    },
  );

  test(
    'the real RedisReplayGuard on a live redis-server: replay refused, failed handler released',
    { skip: (!HAS_REDIS_MODULE || !HAS_REDIS_SERVER) && 'needs redis.cjs and redis-server' },
    async () => {
      const { RedisReplayGuard } = await import('../redis.mjs');
      const { createClient } = await import('redis');
      const { startRedis } = await import('./redis-server.mjs');
      const server = await startRedis();
      const client = createClient({ url: server.url });
      await client.connect();
      try {
        let fail = true;
        const { app, calls } = receiver({
          guard: new RedisReplayGuard(client, { prefix: `hookseal-express-test:${process.pid}:` }),
          handler(req, res) {
            if (fail) {
              fail = false;
              throw new Error('handler failed');
            }
            res.json({ ok: true });
          },
        });
        const url = await serve(app);
        const { body, headers } = delivery();
        assert.equal((await postText(url, body, headers)).status, 500);
        await settled();
        assert.deepEqual(await post(url, body, headers), { status: 200, json: { ok: true } });
        await settled(); // the confirm runs once the response has finished
        assert.deepEqual(await post(url, body, headers), {
          status: 200,
          json: { error: 'replayed' },
        });
        assert.equal(calls.length, 2);
      } finally {
        await client.quit();
        await server.stop();
      }
    },
  );

  test(
    'the real RedisReplayGuard: a duplicate while the handler runs is 503, after it replayed',
    { skip: (!HAS_REDIS_MODULE || !HAS_REDIS_SERVER) && 'needs redis.cjs and redis-server' },
    async () => {
      const { RedisReplayGuard } = await import('../redis.mjs');
      const { createClient } = await import('redis');
      const { startRedis } = await import('./redis-server.mjs');
      const server = await startRedis();
      const client = createClient({ url: server.url });
      await client.connect();
      try {
        const prefix = `hookseal-express-pending:${process.pid}:`;
        const guard = new RedisReplayGuard(client, { prefix });
        let finish;
        let entered;
        const inHandler = { promise: new Promise((resolve) => (entered = resolve)) };
        const { app, calls } = receiver({
          guard,
          handler(req, res) {
            entered();
            finish = () => res.json({ ok: true });
          },
        });
        const url = await serve(app);
        const { body, headers } = delivery();
        const key = prefix + wh.verify(body, headers)._replayKey();

        const first = post(url, body, headers);
        await inHandler.promise;
        assert.equal(await client.get(key), 'pending');
        // The first attempt is still being processed: the duplicate is asked to retry later.
        assert.deepEqual(await post(url, body, headers), {
          status: 503,
          json: { error: 'guard_unavailable' },
        });
        finish();
        assert.deepEqual(await first, { status: 200, json: { ok: true } });
        await settled();
        assert.equal(await client.get(key), 'done');
        assert.deepEqual(await post(url, body, headers), {
          status: 200,
          json: { error: 'replayed' },
        });
        assert.equal(calls.length, 1);

        // Another receiver's claim, pending (in progress, or orphaned): 503 until confirmed.
        const other = delivery();
        const verified = wh.verify(other.body, other.headers);
        await guard.claim(verified);
        assert.equal((await post(url, other.body, other.headers)).status, 503);
        await guard.confirm(verified);
        assert.deepEqual(await post(url, other.body, other.headers), {
          status: 200,
          json: { error: 'replayed' },
        });
        assert.equal(calls.length, 1);
      } finally {
        await client.quit();
        await server.stop();
      }
    },
  );

  test('a guard without confirm (ReplayGuard) is not confirmed; a failed confirm only warns', async () => {
    assert.equal(typeof new ReplayGuard().confirm, 'undefined');
    const inner = new ReplayGuard();
    let confirms = 0;
    const guard = {
      claim: (v) => inner.claim(v),
      release: (v) => inner.release(v),
      async confirm() {
        confirms += 1;
        throw Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:6379'), {
          code: 'ECONNREFUSED',
        });
      },
    };
    const warnings = [];
    const onWarning = (w) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const { app, calls } = receiver({ guard });
      const url = await serve(app);
      const { body, headers } = delivery({ id: 'msg_confirm_fails' });
      assert.deepEqual(await post(url, body, headers), {
        status: 200,
        json: { ok: true, id: 'msg_confirm_fails' },
      });
      await settled();
      assert.equal(confirms, 1);
      assert.equal(calls.length, 1);
    } finally {
      process.off('warning', onWarning);
    }
    const confirmWarnings = warnings.filter((w) => w.code === 'HOOKSEAL_CONFIRM_FAILED');
    assert.equal(confirmWarnings.length, 1);
    assert.match(confirmWarnings[0].message, /could not confirm a replay claim \(Error\)/);
    assert.doesNotMatch(confirmWarnings[0].message, /10\.1\.2\.3/);
  });
});

/** Lets a release that runs on the response's `finish` event (and an async guard) complete. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Fetches the response body as text, tolerating Express's HTML error page. */
async function postText(url, body, headers) {
  const response = await fetch(url, { method: 'POST', body, headers });
  return { status: response.status, text: await response.text() };
}

describe('webhookMiddleware: release when the handler fails', () => {
  const failures = {
    throws: () => {
      throw new Error('handler failed');
    },
    rejects: async () => {
      await Promise.resolve();
      throw new Error('handler failed');
    },
    'calls next(err)': (req, res, next) => next(new Error('handler failed')),
    'answers 503 itself': (req, res) => res.status(503).json({ busy: true }),
  };
  for (const [how, failure] of Object.entries(failures)) {
    test(`a handler that ${how} answers 5xx and its retry is accepted`, async () => {
      let fail = true;
      const { app, calls } = receiver({
        guard: new ReplayGuard(),
        handler(req, res, next) {
          if (fail) {
            fail = false;
            return failure(req, res, next);
          }
          res.json({ ok: true });
        },
      });
      const url = await serve(app);
      const { body, headers } = delivery();
      const first = await postText(url, body, headers);
      assert.ok(first.status >= 500, `first answer ${first.status}`);
      await settled();
      assert.deepEqual(await post(url, body, headers), { status: 200, json: { ok: true } });
      assert.deepEqual(await post(url, body, headers), {
        status: 200,
        json: { error: 'replayed' },
      });
      assert.equal(calls.length, 2);
    });
  }

  test('an app error handler answering 500 releases as well', async () => {
    let fail = true;
    const { app, calls } = receiver({
      guard: new ReplayGuard(),
      handler(req, res) {
        if (fail) {
          fail = false;
          throw new Error('handler failed');
        }
        res.json({ ok: true });
      },
      errorHandler: (err, req, res, _next) => res.status(500).json({ failed: err.message }),
    });
    const url = await serve(app);
    const { body, headers } = delivery();
    assert.deepEqual(await post(url, body, headers), {
      status: 500,
      json: { failed: 'handler failed' },
    });
    await settled();
    assert.deepEqual(await post(url, body, headers), { status: 200, json: { ok: true } });
    assert.equal(calls.length, 2);
  });

  test('an async guard is released too (its release is awaited, not raised)', async () => {
    const inner = new ReplayGuard();
    const released = [];
    const guard = {
      claim: async (v) => inner.claim(v),
      release: async (v) => {
        await Promise.resolve();
        released.push(v.id);
        inner.release(v);
      },
    };
    const { app } = receiver({
      guard,
      handler() {
        throw new Error('handler failed');
      },
    });
    const url = await serve(app);
    const { body, headers } = delivery({ id: 'msg_async_release' });
    assert.equal((await postText(url, body, headers)).status, 500);
    await settled();
    assert.deepEqual(released, ['msg_async_release']);
  });

  test('a failing release is reported as a warning, not raised', async () => {
    const guard = {
      claim() {},
      release: async () => {
        throw new Error('redis down');
      },
    };
    const { app } = receiver({
      guard,
      handler() {
        throw new Error('handler failed');
      },
    });
    const url = await serve(app);
    const warnings = [];
    const onWarning = (w) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const { body, headers } = delivery();
      assert.equal((await postText(url, body, headers)).status, 500);
      await settled();
    } finally {
      process.off('warning', onWarning);
    }
    assert.ok(warnings.some((w) => w.code === 'HOOKSEAL_RELEASE_FAILED'));
  });

  test('a handler that answers 4xx keeps the claim (its retry is a replay)', async () => {
    const { app, calls } = receiver({
      guard: new ReplayGuard(),
      handler: (req, res) => res.status(422).json({ rejected: true }),
    });
    const url = await serve(app);
    const { body, headers } = delivery();
    assert.equal((await post(url, body, headers)).status, 422);
    await settled();
    assert.deepEqual(await post(url, body, headers), { status: 200, json: { error: 'replayed' } });
    assert.equal(calls.length, 1);
  });

  test('a sender that hangs up before the answer releases the claim', async () => {
    let closed;
    const serverSawClose = new Promise((resolve) => (closed = resolve));
    let finish;
    const slow = new Promise((resolve) => (finish = resolve));
    let first = true;
    const { app, calls } = receiver({
      guard: new ReplayGuard(),
      async handler(req, res) {
        if (first) {
          first = false;
          res.on('close', closed);
          await slow;
          if (!res.destroyed) res.json({ late: true });
          return;
        }
        res.json({ ok: true });
      },
    });
    const url = await serve(app);
    const { body, headers } = delivery();
    const controller = new AbortController();
    const hungUp = fetch(url, { method: 'POST', body, headers, signal: controller.signal });
    while (calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await assert.rejects(hungUp, { name: 'AbortError' });
    await serverSawClose;
    assert.deepEqual(await post(url, body, headers), { status: 200, json: { ok: true } });
    finish();
    assert.equal(calls.length, 2);
  });

  test('a successful handler keeps the claim', async () => {
    const guard = new ReplayGuard();
    const { app } = receiver({ guard });
    const url = await serve(app);
    const { body, headers } = delivery();
    assert.equal((await post(url, body, headers)).status, 200);
    await settled();
    assert.equal(guard.size, 1);
  });
});

describe('webhookMiddleware: the raw body', () => {
  const GUIDANCE = "mount express.raw({ type: '*/*' }) before webhookMiddleware";

  for (const [name, parsers, kind] of [
    [
      'express.json() on the route',
      () => [express.json(), express.raw({ type: '*/*' })],
      'an object',
    ],
    ['express.text({ type: "*/*" })', () => [express.text({ type: '*/*' })], 'a string'],
  ]) {
    test(`${name} first answers 500 body_parsed with the guidance`, async () => {
      const { app, calls } = receiver({ parsers: parsers() });
      const url = await serve(app);
      const { body, headers } = delivery();
      const { status, json } = await post(url, body, headers);
      assert.equal(status, 500);
      assert.equal(json.error, 'body_parsed');
      assert.ok(json.message.includes(GUIDANCE), json.message);
      assert.ok(json.message.includes('not a signature mismatch'), json.message);
      assert.ok(json.message.includes(`req.body is ${kind}`), json.message);
      assert.equal(calls.length, 0);
    });
  }

  test('app.use(express.json()) ahead of the route answers 500 body_parsed', async () => {
    const app = express();
    app.use(express.json());
    app.post('/webhook', express.raw({ type: '*/*' }), webhookMiddleware(wh), (req, res) =>
      res.json({ ok: true }),
    );
    const url = await serve(app);
    const { body, headers } = delivery();
    const { status, json } = await post(url, body, headers);
    assert.equal(status, 500);
    assert.equal(json.error, 'body_parsed');
  });

  test('without any parser the middleware reads the body itself into req.body', async () => {
    const { app, calls } = receiver({ parsers: [] });
    const url = await serve(app);
    const { body, headers } = delivery({ id: 'msg_noparser' });
    assert.deepEqual(await post(url, body, headers), {
      status: 200,
      json: { ok: true, id: 'msg_noparser' },
    });
    assert.ok(Buffer.isBuffer(calls[0].body));
    assert.equal(calls[0].body.toString(), body);
  });

  test('express.raw() whose type skips application/json leaves the body to the middleware', async () => {
    const { app } = receiver({ parsers: [express.raw()] }); // application/octet-stream only
    const url = await serve(app);
    const { body, headers } = delivery();
    assert.equal((await post(url, body, headers)).status, 200);
  });

  test('a body read by the middleware is limited to 100 KiB (413 body_too_large)', async () => {
    const { app, calls } = receiver({ parsers: [] });
    const url = await serve(app);
    const big = JSON.stringify({ pad: 'x'.repeat(100 * 1024) });
    const { status, json } = await post(url, big, wh.sign(big));
    assert.equal(status, 413);
    assert.equal(json.error, 'body_too_large');
    assert.match(json.message, /limit/);
    assert.equal(calls.length, 0);
    // Also when the length is not declared up front (chunked).
    const chunked = await rawPost(url, big, { ...wh.sign(big), 'transfer-encoding': 'chunked' });
    assert.equal(chunked.status, 413);
    // express.raw with a larger limit takes it.
    const { app: roomy } = receiver({ parsers: [express.raw({ type: '*/*', limit: '1mb' })] });
    assert.equal((await post(await serve(roomy), big, wh.sign(big))).status, 200);
  });

  test('a compressed body: 415 when read by the middleware, inflated by express.raw', async () => {
    const { body, headers } = delivery();
    const zipped = gzipSync(body);
    const send = { ...headers, 'content-type': 'application/json', 'content-encoding': 'gzip' };
    const { app } = receiver({ parsers: [] });
    const refused = await rawPost(await serve(app), zipped, send);
    assert.equal(refused.status, 415);
    assert.equal(refused.json.error, 'unsupported_encoding');
    const { app: raw } = receiver({ parsers: [express.raw({ type: '*/*' })] });
    assert.equal((await rawPost(await serve(raw), zipped, send)).status, 200);
  });

  test('an empty body is verified like any other', async () => {
    const { app } = receiver();
    const url = await serve(app);
    const headers = wh.sign('');
    assert.equal((await post(url, '', headers)).status, 200);
    assert.equal((await post(url, 'x', headers)).status, 401);
  });
});

describe('hookseal/express: module and arguments', () => {
  test('CommonJS and ESM entries export the same function, also through the package name', async () => {
    const cjs = require('../express.cjs');
    assert.equal(cjs.webhookMiddleware, webhookMiddleware);
    assert.equal(expressDefault.webhookMiddleware, webhookMiddleware);
    assert.equal(require('hookseal/express').webhookMiddleware, webhookMiddleware);
    assert.equal((await import('hookseal/express')).webhookMiddleware, webhookMiddleware);
    assert.equal(typeof webhookMiddleware(wh), 'function');
  });

  test('bad arguments are TypeErrors at build time', () => {
    assert.throws(() => webhookMiddleware(), TypeError);
    assert.throws(() => webhookMiddleware({}), TypeError);
    assert.throws(() => webhookMiddleware(wh, 'guard'), TypeError);
    assert.throws(() => webhookMiddleware(wh, { guard: {} }), TypeError);
    assert.throws(() => webhookMiddleware(wh, { guard: { claim() {} } }), TypeError);
    assert.equal(typeof webhookMiddleware(wh, { guard: null }), 'function');
  });

  test('WebhookError from a guard is recognised when it comes from another copy', async () => {
    class WebhookErrorCopy extends Error {
      constructor(code) {
        super(code);
        this.name = 'WebhookError';
        this.code = code;
      }
    }
    const guard = {
      claim() {
        throw new WebhookErrorCopy('replayed');
      },
      release() {},
    };
    const { app } = receiver({ guard });
    const url = await serve(app);
    const { body, headers } = delivery();
    assert.deepEqual(await post(url, body, headers), { status: 200, json: { error: 'replayed' } });
    assert.ok(new WebhookError('replayed', 'x') instanceof Error);
  });

  test('an error named WebhookError with an unknown code answers 503 guard_unavailable', async () => {
    class WebhookErrorCopy extends Error {
      constructor(code) {
        super(code);
        this.name = 'WebhookError';
        this.code = code;
      }
    }
    // Only the core's nine codes are a WebhookError's: any other code (even one of the
    // helper's own, such as body_parsed) must not choose the answer's status and body.
    const thrown = [
      new WebhookErrorCopy('not_a_code'),
      new WebhookErrorCopy('body_parsed'),
      new WebhookErrorCopy('guard_unavailable'),
      new WebhookErrorCopy('toString'),
      new WebhookError('boom', 'x'),
      { name: 'WebhookError', code: 'replayed_later' },
    ];
    for (const err of thrown) {
      const guard = {
        claim() {
          throw err;
        },
        release() {},
      };
      const { app, calls } = receiver({ guard });
      const url = await serve(app);
      const { body, headers } = delivery();
      assert.deepEqual(
        await post(url, body, headers),
        { status: 503, json: { error: 'guard_unavailable' } },
        err.code,
      );
      assert.equal(calls.length, 0);
    }
  });
});
