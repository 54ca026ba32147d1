// How worker.mjs runs in workerd without a bundler, for demo.mjs and the wasm build's tests.
//
// Deployed, wrangler bundles the worker and resolves 'hookseal-wasm' through the package's
// "workerd" export condition. Here the modules are handed to Miniflare one by one: the
// package entry (dist/edge.mjs, one bundled module) is registered under the name the worker
// imports, 'hookseal-wasm', and since workerd resolves an import against the importing
// module's name, the entry's `./hookseal_wasm_bg.wasm` is the file beside it. The wasm file
// is a CompiledWasm module: workers may not compile wasm from bytes.

import { readFileSync } from 'node:fs';

export const COMPATIBILITY_DATE = '2025-09-01';

const wasmPackage = new URL('../../bindings-wasm/', import.meta.url);
const read = (file) => readFileSync(new URL(file, wasmPackage));

/** Miniflare `modules` for a main module (source text) that imports 'hookseal-wasm'. */
export function workerModules(main = readFileSync(new URL('worker.mjs', import.meta.url))) {
  const entry = JSON.parse(read('package.json')).exports['.'].workerd;
  // A path relative to Miniflare's modulesRoot (the working directory) is the module's name.
  return [
    { type: 'ESModule', path: 'worker.mjs', contents: main },
    { type: 'ESModule', path: 'hookseal-wasm', contents: read(entry) },
    {
      type: 'CompiledWasm',
      path: 'hookseal_wasm_bg.wasm',
      contents: read(new URL('hookseal_wasm_bg.wasm', new URL(entry, wasmPackage))),
    },
  ];
}
