// `import ... from 'hookseal-wasm'` under Node.
import api from './node.cjs';

export const { Webhook, Scheme, Verified, ReplayGuard, WebhookError, generateSecret } = api;
export default api;
