// Writes dist/: the entries the package exports outside Node, each one minified ES module
// (the wasm-bindgen glue, the shared JavaScript layer and the entry), with a source map, and
// the wasm file beside them. What a browser or a worker loads is what `make size` weighs.
//
//   dist/web.mjs   browsers, Deno, Bun: fetches hookseal_wasm_bg.wasm from beside itself
//   dist/edge.mjs  workerd, edge-light: imports ./hookseal_wasm_bg.wasm as a compiled module

import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const here = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/** Every `.wasm` import names the copy beside the bundle; runtimes load it, not esbuild. */
const wasmBeside = {
  name: 'wasm-beside',
  setup(context) {
    context.onResolve({ filter: /\.wasm$/ }, () => ({
      path: './hookseal_wasm_bg.wasm',
      external: true,
    }));
  },
};

rmSync(here('dist'), { recursive: true, force: true });
mkdirSync(here('dist'));
for (const entry of ['web', 'edge']) {
  await build({
    entryPoints: [here(`${entry}.mjs`)],
    outfile: here(`dist/${entry}.mjs`),
    bundle: true,
    format: 'esm',
    // Top-level await (web.mjs) and class fields: every runtime the package supports.
    target: 'es2022',
    minify: true,
    // `Webhook.name` and what consoles print stay the classes' names, as under Node.
    keepNames: true,
    sourcemap: true,
    legalComments: 'none',
    plugins: [wasmBeside],
    logLevel: 'warning',
  });
}
copyFileSync(here('pkg/web/hookseal_wasm_bg.wasm'), here('dist/hookseal_wasm_bg.wasm'));
