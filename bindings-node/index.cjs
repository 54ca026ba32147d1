'use strict';

// `require('hookseal')` under Node: the public API over the napi addon.
module.exports = require('./lib/api.cjs').createApi(require('./native/index.cjs'));
