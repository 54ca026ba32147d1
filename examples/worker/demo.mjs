// The Cloudflare Worker of worker.mjs in real workerd (Miniflare), and a sender that tries to
// fool it over HTTP on loopback: a valid delivery, then a tampered body, a stale timestamp, a
// wrong secret, a missing header and a replay, printing what the worker answered. The edge
// twin of examples/python/receiver.py; the sender signs with hookseal-wasm's Node build.
//
// Run from the repository root after `make -C bindings-wasm build`: node examples/worker/demo.mjs

import { createRequire } from 'node:module';

import { Webhook, generateSecret } from '../../bindings-wasm/node.mjs';
import { COMPATIBILITY_DATE, workerModules } from './modules.mjs';

// Miniflare is a development dependency of bindings-wasm; borrow it from there.
const { Miniflare } = createRequire(new URL('../../bindings-wasm/package.json', import.meta.url))(
  'miniflare',
);

async function main() {
  const secret = generateSecret();
  const webhook = new Webhook(secret);
  const mf = new Miniflare({
    modules: workerModules(),
    compatibilityDate: COMPATIBILITY_DATE,
    bindings: { WEBHOOK_SECRET: secret },
  });
  const accepted = [];
  let allGood = true;
  try {
    const url = new URL('/webhook', await mf.ready);
    console.log(`edge receiver (workerd via miniflare, hookseal-wasm) on ${url}`);

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
    for (const [label, data, headers, wantStatus, want] of attempts) {
      const response = await fetch(url, {
        method: 'POST',
        body: data,
        headers: { ...headers, 'Content-Type': 'application/json' },
        signal: AbortSignal.timeout(5000),
      });
      const answer = await response.json();
      if (answer.received) accepted.push(answer.received);
      const got = answer.error ?? 'ok';
      const good = response.status === wantStatus && got === want;
      allGood &&= good;
      const mark = good ? 'as expected' : `EXPECTED ${wantStatus} ${want}`;
      console.log(`  ${label.padEnd(16)} -> HTTP ${response.status} ${got.padEnd(20)} ${mark}`);
    }
    console.log(`  processed once: [${accepted.map((id) => `'${id}'`).join(', ')}]`);
    allGood &&= accepted.length === 1 && accepted[0] === signed['webhook-id'];
  } finally {
    await mf.dispose();
  }
  return allGood ? 0 : 1;
}

process.exitCode = await main();
