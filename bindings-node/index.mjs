// `import ... from 'hookseal'` under Node: the same objects as the CommonJS entry.
import api from './index.cjs';

export const { Webhook, Scheme, Verified, ReplayGuard, WebhookError, generateSecret } = api;
export default api;
