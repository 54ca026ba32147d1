'use strict';

// `require('hookseal')` under Node: the public API over the napi addon, or over the wasm build
// where no native binary exists for this platform or HOOKSEAL_FORCE_WASM=1. Both backends
// expose the same surface, so the classes and their behaviour are the same.
function backend() {
  if (process.env.HOOKSEAL_FORCE_WASM !== '1') {
    try {
      return require('./native/index.cjs');
    } catch (err) {
      // No binary for this platform is expected on some platforms; a binary that is there
      // but does not load is a broken install, which should not pass unnoticed.
      const shipped = require('node:fs')
        .readdirSync(require('node:path').join(__dirname, 'native'))
        .some((name) => name.endsWith('.node'));
      if (shipped) {
        process.emitWarning(
          `hookseal: the native addon did not load (${err && err.message}); using the WebAssembly build`,
          { code: 'HOOKSEAL_WASM_FALLBACK' },
        );
      }
    }
  }
  return require('hookseal-wasm/backend');
}

module.exports = require('./lib/api.cjs').createApi(backend());
