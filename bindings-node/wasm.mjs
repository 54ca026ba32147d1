// `import ... from 'hookseal'` outside Node (workers, Deno, browsers): the wasm build, picked
// by the `hookseal-wasm` package's own export conditions (a compiled-module import in
// workerd and edge-light, fetch + instantiate elsewhere).
export * from 'hookseal-wasm';
export { default } from 'hookseal-wasm';
