'use strict';

// `require('hookseal')` under Node (and Bun): the public API over the napi addon, or over the
// wasm build where no native binary exists for this platform or HOOKSEAL_FORCE_WASM=1. Both
// backends expose the same surface, so the classes and their behaviour are the same.
function backend() {
  if (process.env.HOOKSEAL_FORCE_WASM !== '1') {
    try {
      return require('./native/index.cjs');
    } catch {
      // No native binary for this platform: the wasm build below serves instead.
    }
  }
  return require('hookseal-wasm/backend');
}

module.exports = require('./lib/api.cjs').createApi(backend());
