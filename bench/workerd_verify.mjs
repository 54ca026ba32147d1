// hookseal's wasm build inside the workers runtime (workerd, through Miniflare) beside
// standardwebhooks, Web Crypto and a bare wasm HMAC (bench/wasm-floor), all running in one
// worker isolate (bench/lib/workerd.worker.mjs). workerd coarsens and jitters the clock it
// shows to code, so this host times each request of n calls and subtracts the time of an
// empty request (n = 0), with the same calibration and interleaving as Node. The worker is loaded as examples/worker/modules.mjs describes (hookseal-wasm by its "workerd"
// entry, the wasm as a CompiledWasm module). Writes bench/results/workerd.json.
// Run: `node bench/workerd_verify.mjs` after `make -C bindings-wasm build` and the floor build.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { COMPATIBILITY_DATE, workerModules } from '../examples/worker/modules.mjs';
import { NODE_PACKAGE, WASM_PACKAGE, packageVersion, writeResults } from './lib/node-host.mjs';
import { REPEATS, SIZES, interleaved, stats, summaryLine } from './lib/timing.mjs';

const { Miniflare } = createRequire(new URL('package.json', WASM_PACKAGE))('miniflare');
const BUDGET_MS = Number(process.env.HOOKSEAL_BENCH_BUDGET ?? '0.1') * 1000;

export const LABELS = {
  'wasm-hookseal': 'hookseal wasm build (`dist/edge.mjs`), header object',
  'wasm-hookseal-headers': 'hookseal wasm build, WHATWG `Headers`',
  standardwebhooks: 'standardwebhooks `verify` (parses)',
  'standardwebhooks-noparse': 'standardwebhooks `verify({ jsonParse: false })`',
  webcrypto: 'Web Crypto `subtle.verify`, key imported once (awaited)',
  'wasm-floor': 'bare wasm HMAC (bench/wasm-floor)',
};

const here = (file) => readFileSync(new URL(file, import.meta.url));
const fromNode = (file) => readFileSync(new URL(`node_modules/${file}`, NODE_PACKAGE));

/** standardwebhooks as CommonJS modules, named as its `require` calls resolve in workerd. */
function standardWebhooksModules() {
  return [
    ['standardwebhooks', 'standardwebhooks/dist/index.js'],
    ['timing_safe_equal', 'standardwebhooks/dist/timing_safe_equal.js'],
    ['@stablelib/base64', '@stablelib/base64/lib/base64.js'],
    ['fast-sha256', 'fast-sha256/sha256.js'],
  ].map(([path, file]) => ({ type: 'CommonJS', path, contents: fromNode(file) }));
}

async function main() {
  const mf = new Miniflare({
    modules: [
      ...workerModules(here('lib/workerd.worker.mjs')),
      { type: 'ESModule', path: 'timing.mjs', contents: here('lib/timing.mjs') },
      {
        type: 'ESModule',
        path: 'floor/hookseal_wasm_floor.js',
        contents: here('wasm-floor/target/pkg/web/hookseal_wasm_floor.js'),
      },
      {
        type: 'CompiledWasm',
        path: 'floor/hookseal_wasm_floor_bg.wasm',
        contents: here('wasm-floor/target/pkg/web/hookseal_wasm_floor_bg.wasm'),
      },
      ...standardWebhooksModules(),
    ],
    compatibilityDate: COMPATIBILITY_DATE,
  });
  const verify = Object.fromEntries(Object.keys(LABELS).map((name) => [name, {}]));
  try {
    for (const [label, size] of SIZES) {
      const request = async (variant, n) => {
        const start = performance.now();
        const response = await mf.dispatchFetch(
          `http://bench/?size=${size}&variant=${variant}&n=${n}`,
        );
        const text = await response.text();
        if (response.status !== 200) throw new Error(`the worker failed: ${text}`);
        return performance.now() - start;
      };
      await request('', 0); // builds this size's variants in the isolate
      const empty = [];
      for (let r = 0; r < 2 * REPEATS; r++) empty.push(await request('', 0));
      const overhead = stats(empty).median;
      const variants = Object.fromEntries(
        Object.keys(LABELS).map((name) => [
          name,
          { run: async (n) => Math.max(0, (await request(name, n)) - overhead) },
        ]),
      );
      const results = await interleaved(variants, BUDGET_MS);
      for (const [name, s] of Object.entries(results)) verify[name][label] = s;
      console.log(summaryLine('workerd', label, results));
    }
  } finally {
    await mf.dispose();
  }
  const workerd = JSON.parse(
    readFileSync(new URL('node_modules/workerd/package.json', WASM_PACKAGE)),
  );
  const path = writeResults('workerd', {
    language: 'workerd',
    runtime: `workerd ${workerd.version} (miniflare ${packageVersion('miniflare', WASM_PACKAGE)})`,
    versions: { standardwebhooks: packageVersion('standardwebhooks') },
    labels: LABELS,
    verify,
  });
  console.log(`wrote ${path}`);
}

await main();
