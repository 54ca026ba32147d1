// The worker side of bench/workerd_verify.mjs: runs inside workerd (Miniflare) and answers
// `GET /?size=<bytes>&variant=<name>&n=<calls>` by making n verify calls of that variant on a
// JSON body of that size (n = 0 measures the request alone). The host times each request:
// workerd coarsens and jitters its own clock. hookseal-wasm comes through its "workerd"
// entry (dist/edge.mjs), the floor through its `web` glue with the compiled module imported,
// standardwebhooks as its CommonJS files.

import { Webhook } from 'hookseal-wasm';
import standardwebhooks from 'standardwebhooks';

import floorModule from './floor/hookseal_wasm_floor_bg.wasm';
import { FloorHmac, initSync } from './floor/hookseal_wasm_floor.js';
import { ID, SECRET, jsonBody, webCryptoVariant } from './timing.mjs';

initSync({ module: floorModule });

const base64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

function check(ok, what) {
  if (!ok) throw new Error(`${what} refused a valid delivery`);
}

/** The variants for one body size, each `[async, fn]`; built once per size and isolate. */
async function variants(size) {
  const text = jsonBody(size);
  const body = new TextEncoder().encode(text);
  const now = Math.floor(Date.now() / 1000);
  const wh = new Webhook(SECRET);
  const headers = {
    ...wh.sign(body, { id: ID, timestamp: now }),
    host: 'example.com',
    'content-type': 'application/json',
    'user-agent': 'Svix-Webhooks/1.0',
    'accept-encoding': 'gzip',
  };
  // What a worker gets: request.headers is a WHATWG Headers.
  const requestHeaders = new Headers(headers);
  const std = new standardwebhooks.Webhook(SECRET);
  const key = base64(SECRET.slice('whsec_'.length));
  const prefix = new TextEncoder().encode(`${ID}.${now}.`);
  const tag = base64(headers['webhook-signature'].split(',')[1]);
  const webcrypto = await webCryptoVariant(key, prefix, body, tag);
  const floor = new FloorHmac(key);
  return {
    'wasm-hookseal': [false, () => wh.verify(body, headers)],
    'wasm-hookseal-headers': [false, () => wh.verify(body, requestHeaders)],
    standardwebhooks: [false, () => std.verify(text, headers)],
    'standardwebhooks-noparse': [false, () => std.verify(text, headers, { jsonParse: false })],
    webcrypto: [true, webcrypto.fn],
    'wasm-floor': [false, () => check(floor.verify(prefix, body, tag), 'the wasm floor')],
  };
}

const bySize = new Map();

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const size = Number(url.searchParams.get('size'));
    const n = Number(url.searchParams.get('n'));
    try {
      if (!bySize.has(size)) bySize.set(size, await variants(size));
      const [isAsync, fn] = bySize.get(size)[url.searchParams.get('variant')] ?? [false, null];
      if (n > 0 && fn === null) throw new Error('unknown variant');
      if (isAsync) {
        for (let i = 0; i < n; i++) await fn();
      } else {
        for (let i = 0; i < n; i++) fn();
      }
      return new Response('ok');
    } catch (err) {
      return new Response(String(err && err.stack), { status: 500 });
    }
  },
};
