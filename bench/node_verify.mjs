// hookseal under Node beside the libraries users pick today, in one process: the native addon
// (bindings-node/index.mjs) and the wasm build (bindings-wasm/node.mjs).
//
// Every variant verifies a valid delivery of the same JSON body (256 B to 1 MiB) signed now,
// reading the clock for its timestamp check:
// - hookseal (`standard`; `stripe` and `github` for like-with-like rows), alone and followed
//   by JSON.parse of the body, to compare with libraries that parse by default;
// - standardwebhooks (parses by default; also `jsonParse: false`), svix (does not parse),
//   stripe `webhooks.signature.verifyHeader` (no parse) and `webhooks.constructEvent`
//   (parses), @octokit/webhooks-methods `verify` (async);
// - hand-written `createHmac` + `timingSafeEqual`, from the key decoded once;
// - the floor: HMAC-SHA256 keyed once (inner and outer hash states after the padded key),
//   both states copied per call, the Node twin of the Rust floor;
// - Web Crypto `subtle.verify` with the key imported once, awaited per call;
// - the wasm build, and a bare wasm HMAC (bench/wasm-floor) built the same way.
// Then the cold import time of each package and the wasm size. Writes bench/results/node.json.
// Run: `node bench/node_verify.mjs` after the three builds (`make bench` does them).

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';

import { importPackage, importTimes, packageVersion, resolvePackage } from './lib/node-host.mjs';
import { NODE_PACKAGE, WASM_PACKAGE, wasmSize, writeResults } from './lib/node-host.mjs';
import { ID, SECRET, SIZES, interleaved, jsonBody, stats, summaryLine } from './lib/timing.mjs';
import { webCryptoVariant } from './lib/timing.mjs';

const native = await import(new URL('index.mjs', NODE_PACKAGE));
const wasm = await import(new URL('node.mjs', WASM_PACKAGE));
const { FloorHmac } = createRequire(import.meta.url)(
  './wasm-floor/target/pkg/node/hookseal_wasm_floor.js',
);
const { Webhook: StandardWebhook } = await importPackage('standardwebhooks');
const { Webhook: SvixWebhook } = await importPackage('svix');
const { default: Stripe } = await importPackage('stripe');
const { verify: octokitVerify } = await importPackage('@octokit/webhooks-methods');

const STRIPE_SECRET = 'whsec_stripe_bench_secret';
const GITHUB_SECRET = 'github bench secret';
// Headers a real request carries beside the signature ones.
// Seconds per repetition (bench/benchlib.py reads the same variable).
const BUDGET_MS = Number(process.env.HOOKSEAL_BENCH_BUDGET ?? '0.1') * 1000;
const EXTRA_HEADERS = {
  host: 'example.com',
  'content-type': 'application/json',
  'user-agent': 'Svix-Webhooks/1.0',
  'accept-encoding': 'gzip',
};

export const LABELS = {
  hookseal: 'hookseal `verify` (native addon)',
  'hookseal+parse': 'hookseal + `JSON.parse`',
  'hookseal-stripe': 'hookseal, `stripe` scheme',
  'hookseal-github': 'hookseal, `github` scheme',
  standardwebhooks: 'standardwebhooks `verify` (parses)',
  'standardwebhooks-noparse': 'standardwebhooks `verify({ jsonParse: false })`',
  svix: 'svix `verify` (no parse)',
  'stripe-verifyHeader': 'stripe `webhooks.signature.verifyHeader`',
  'stripe-constructEvent': 'stripe `webhooks.constructEvent` (parses)',
  octokit: '@octokit/webhooks-methods `verify` (async)',
  hmac: 'hand-written `createHmac` + `timingSafeEqual`',
  floor: 'floor: HMAC keyed once, hash states copied per call',
  webcrypto: 'Web Crypto `subtle.verify`, key imported once (awaited)',
  'wasm-hookseal': 'hookseal wasm build (`node.mjs`)',
  'wasm-floor': 'bare wasm HMAC (bench/wasm-floor)',
};

/** HMAC-SHA256 keyed once: the hash states after the inner and the outer padded key. */
function keyedOnce(key) {
  const block = Buffer.alloc(64);
  (key.length > 64 ? createHash('sha256').update(key).digest() : key).copy(block);
  const pad = (byte) => Buffer.from(block.map((b) => b ^ byte));
  const inner = createHash('sha256').update(pad(0x36));
  const outer = createHash('sha256').update(pad(0x5c));
  return (...parts) => {
    const h = inner.copy();
    for (const part of parts) h.update(part);
    return outer.copy().update(h.digest()).digest();
  };
}

async function variants(text) {
  const body = Buffer.from(text);
  const now = Math.floor(Date.now() / 1000);
  const wh = new native.Webhook(SECRET);
  const headers = { ...wh.sign(body, { id: ID, timestamp: now }), ...EXTRA_HEADERS };
  const svixHeaders = {
    'svix-id': headers['webhook-id'],
    'svix-timestamp': headers['webhook-timestamp'],
    'svix-signature': headers['webhook-signature'],
    ...EXTRA_HEADERS,
  };
  const whStripe = new native.Webhook(STRIPE_SECRET, { scheme: 'stripe' });
  const stripeHeaders = { ...whStripe.sign(body, { timestamp: now }), ...EXTRA_HEADERS };
  const stripeHeader = stripeHeaders['Stripe-Signature'];
  const whGithub = new native.Webhook(GITHUB_SECRET, { scheme: 'github' });
  const githubHeaders = { ...whGithub.sign(body), ...EXTRA_HEADERS };
  const githubSignature = githubHeaders['X-Hub-Signature-256'];
  const std = new StandardWebhook(SECRET);
  const svix = new SvixWebhook(SECRET);
  const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
  const prefix = Buffer.from(`${ID}.${now}.`);
  const tag = Buffer.from(headers['webhook-signature'].split(',')[1], 'base64');
  const mac = keyedOnce(key);
  const webcrypto = await webCryptoVariant(key, prefix, body, tag);
  const whWasm = new wasm.Webhook(SECRET);
  const floor = new FloorHmac(key);
  const check = (ok, what) => {
    if (!ok) throw new Error(`${what} refused a valid delivery`);
  };
  check(timingSafeEqual(mac(prefix, body), tag), 'the floor');
  check(floor.verify(prefix, body, tag), 'the wasm floor');
  return {
    hookseal: { fn: () => wh.verify(body, headers) },
    'hookseal+parse': {
      fn: () => {
        wh.verify(body, headers);
        return JSON.parse(body.toString('utf8'));
      },
    },
    'hookseal-stripe': { fn: () => whStripe.verify(body, stripeHeaders) },
    'hookseal-github': { fn: () => whGithub.verify(body, githubHeaders) },
    standardwebhooks: { fn: () => std.verify(body, headers) },
    'standardwebhooks-noparse': { fn: () => std.verify(body, headers, { jsonParse: false }) },
    svix: { fn: () => svix.verify(body, svixHeaders) },
    'stripe-verifyHeader': {
      fn: () => Stripe.webhooks.signature.verifyHeader(body, stripeHeader, STRIPE_SECRET, 300),
    },
    'stripe-constructEvent': {
      fn: () => Stripe.webhooks.constructEvent(body, stripeHeader, STRIPE_SECRET),
    },
    octokit: {
      async: true,
      fn: async () => check(await octokitVerify(GITHUB_SECRET, text, githubSignature), 'octokit'),
    },
    hmac: {
      fn: () => {
        const expected = Buffer.from(headers['webhook-signature'].split(',')[1], 'base64');
        const digest = createHmac('sha256', key)
          .update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.`)
          .update(body)
          .digest();
        check(timingSafeEqual(digest, expected), 'createHmac');
      },
    },
    floor: { fn: () => check(timingSafeEqual(mac(prefix, body), tag), 'the floor') },
    webcrypto,
    'wasm-hookseal': { fn: () => whWasm.verify(body, headers) },
    'wasm-floor': { fn: () => check(floor.verify(prefix, body, tag), 'the wasm floor') },
  };
}

async function main() {
  const verify = Object.fromEntries(Object.keys(LABELS).map((name) => [name, {}]));
  for (const [label, size] of SIZES) {
    const results = await interleaved(await variants(jsonBody(size)), BUDGET_MS);
    for (const [name, s] of Object.entries(results)) verify[name][label] = s;
    console.log(summaryLine('node', label, results));
  }
  const importRuns = importTimes({
    hookseal: new URL('index.mjs', NODE_PACKAGE).href,
    'hookseal-wasm': new URL('node.mjs', WASM_PACKAGE).href,
    standardwebhooks: resolvePackage('standardwebhooks'),
    svix: resolvePackage('svix'),
    stripe: resolvePackage('stripe'),
    '@octokit/webhooks-methods': resolvePackage('@octokit/webhooks-methods'),
  });
  const imports = Object.fromEntries(
    Object.entries(importRuns).map(([name, runs]) => [name, stats(runs)]),
  );
  const importLine = Object.entries(imports).map(([n, s]) => `${n} ${s.median.toFixed(1)} ms`);
  console.log(`node cold import: ${importLine.join(', ')}`);
  const size = wasmSize();
  console.log(size.text);
  const path = writeResults('node', {
    language: 'node',
    runtime: `Node ${process.version}`,
    versions: Object.fromEntries(
      ['standardwebhooks', 'svix', 'stripe', '@octokit/webhooks-methods'].map((n) => [
        n,
        packageVersion(n),
      ]),
    ),
    labels: LABELS,
    verify,
    imports,
    wasmSize: size,
  });
  console.log(`wrote ${path}`);
}

await main();
