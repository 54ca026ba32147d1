// A webhook receiver over real HTTP on loopback, and a sender that tries to fool it.
//
// The receiver is an Express route behind `webhookMiddleware` from hookseal/express, served on
// 127.0.0.1: it verifies each POST, claims it with a replay guard, and answers 200 when
// accepted, 400/401 with the error code when refused, and 200 for a replay (already
// processed, so the handler does not run again). The sender posts a valid delivery, then a
// tampered body, a stale timestamp, a wrong secret, a missing header and a replay, and prints
// what the receiver answered. The Node twin of examples/python/receiver.py.
//
// Run from the repository root: node examples/node/receiver.mjs

import { createRequire } from 'node:module';

import { ReplayGuard, Webhook, generateSecret } from '../../bindings-node/index.mjs';
import { webhookMiddleware } from '../../bindings-node/express.mjs';

// Express is a development dependency of bindings-node; borrow it from there rather than
// giving this one file a package.json and node_modules of its own.
const express = createRequire(new URL('../../bindings-node/package.json', import.meta.url))(
  'express',
);

const webhook = new Webhook(generateSecret());
const guard = new ReplayGuard();
const accepted = [];

const app = express();
app.post(
  '/webhook',
  express.raw({ type: '*/*' }),
  webhookMiddleware(webhook, { guard }),
  (req, res) => {
    // Runs once per genuine delivery; req.body is the raw body (a Buffer).
    accepted.push(JSON.parse(req.body).type);
    res.json({ ok: true, id: req.webhook.id });
  },
);

async function post(port, body, headers) {
  const response = await fetch(`http://127.0.0.1:${port}/webhook`, {
    method: 'POST',
    body,
    headers,
    signal: AbortSignal.timeout(5000),
  });
  return [response.status, await response.text()];
}

async function main() {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address();
  console.log(`node receiver (Express + hookseal/express) on http://127.0.0.1:${port}/webhook`);

  const body = JSON.stringify({ type: 'invoice.paid', amount: 4200 });
  const signed = webhook.sign(body);
  const stale = webhook.sign(body, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
  const forged = new Webhook(generateSecret()).sign(body);
  const { 'webhook-signature': _, ...noSignature } = webhook.sign(body);
  const attempts = [
    ['valid delivery', body, signed, 200, 'ok'],
    ['tampered body', body.replace('4200', '9900'), signed, 401, 'signature_mismatch'],
    ['stale timestamp', body, stale, 401, 'timestamp_too_old'],
    ['wrong secret', body, forged, 401, 'signature_mismatch'],
    ['missing header', body, noSignature, 400, 'missing_header'],
    ['replay', body, signed, 200, 'replayed'],
  ];
  let allGood = true;
  try {
    for (const [label, data, headers, wantStatus, want] of attempts) {
      const [status, text] = await post(port, data, {
        ...headers,
        'Content-Type': 'application/json',
      });
      const got = JSON.parse(text).error ?? 'ok';
      const good = status === wantStatus && got === want;
      allGood &&= good;
      const mark = good ? 'as expected' : `EXPECTED ${wantStatus} ${want}`;
      console.log(`  ${label.padEnd(16)} -> HTTP ${status} ${got.padEnd(20)} ${mark}`);
    }
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  console.log(`  processed once: [${accepted.map((type) => `'${type}'`).join(', ')}]`);
  allGood &&= accepted.length === 1 && accepted[0] === 'invoice.paid';
  return allGood ? 0 : 1;
}

process.exitCode = await main();
