// Browsers, Deno and other runtimes that fetch modules by URL: the wasm file is fetched from
// beside the entry and compiled once, at import. The package ships this file bundled with
// the glue and the JavaScript layer, minified, as dist/web.mjs (scripts/bundle.mjs).
import init, * as native from './pkg/web/hookseal_wasm.js';
import { createApi } from './lib/api.mjs';

await init();
const api = createApi(native);

export const { Webhook, Scheme, Verified, ReplayGuard, WebhookError, generateSecret } = api;
export default api;
