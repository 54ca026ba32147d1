'use strict';

// `require('hookseal-wasm')` under Node: the shared JavaScript layer over the wasm build.
module.exports = require('./lib/api.cjs').createApi(require('./pkg/node/hookseal_wasm.js'));
