// hookseal's Node `verify` beside hand-written `createHmac` + `timingSafeEqual`, in one process.
//
// Both verify the same Standard Webhooks delivery (`{id}.{timestamp}.{body}`, HMAC-SHA256):
// hookseal from a Buffer body and a plain header object (with the other headers a real request
// carries); the baseline from the key decoded once, hashing the signed content and comparing
// with the decoded signature. Prints the median and min-max of 5 repetitions in µs per call.
// Run: `node bench/node_verify.mjs` (after `make -C bindings-node build`).

import { createHmac, timingSafeEqual } from 'node:crypto';

import { Webhook } from '../bindings-node/index.mjs';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TS = 1614265330;
const SIZES = [
  ['256 B', 256],
  ['1 KiB', 1024],
  ['16 KiB', 16 * 1024],
  ['1 MiB', 1024 * 1024],
];

function perCallMicros(fn) {
  let n = 1;
  for (;;) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    if (Number(process.hrtime.bigint() - start) > 2e8) break;
    n *= 2;
  }
  const runs = [];
  for (let r = 0; r < 5; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    runs.push(Number(process.hrtime.bigint() - start) / n / 1000);
  }
  return runs.sort((a, b) => a - b);
}

const wh = new Webhook(SECRET);
const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
const fmt = (runs) => `${runs[2].toFixed(2)} µs (${runs[0].toFixed(2)}–${runs[4].toFixed(2)})`;
console.log('| body | hookseal verify | createHmac + timingSafeEqual | ratio |');
console.log('|---|---|---|---|');
for (const [label, size] of SIZES) {
  const body = Buffer.alloc(size, 'x');
  const headers = {
    ...wh.sign(body, { id: ID, timestamp: TS }),
    host: 'example.com',
    'content-type': 'application/json',
    'content-length': String(size),
    'user-agent': 'Svix-Webhooks/1.0',
    'accept-encoding': 'gzip',
  };
  const ours = perCallMicros(() => wh.verify(body, headers, { now: TS }));
  const baseline = perCallMicros(() => {
    const expected = Buffer.from(headers['webhook-signature'].split(',')[1], 'base64');
    const mac = createHmac('sha256', key)
      .update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.`)
      .update(body)
      .digest();
    if (!timingSafeEqual(mac, expected)) throw new Error('baseline failed');
  });
  console.log(`| ${label} | ${fmt(ours)} | ${fmt(baseline)} | ${(ours[2] / baseline[2]).toFixed(2)}x |`);
}
