// Cloudflare Workers (workerd) and Vercel Edge: workers may not compile wasm from bytes, so
// the bundler or runtime imports the compiled module and it is instantiated synchronously.
// Shipped bundled and minified as dist/edge.mjs, importing ./hookseal_wasm_bg.wasm beside it.
import wasmModule from './pkg/web/hookseal_wasm_bg.wasm';
import * as native from './pkg/web/hookseal_wasm.js';
import { createApi } from './lib/api.mjs';

native.initSync({ module: wasmModule });
const api = createApi(native);

export const { Webhook, Scheme, Verified, ReplayGuard, WebhookError, generateSecret } = api;
export default api;
