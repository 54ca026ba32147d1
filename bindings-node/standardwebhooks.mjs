// `import ... from 'hookseal/standardwebhooks'`: the same objects as the CommonJS entry.
import api from './standardwebhooks.cjs';

export const { Webhook, WebhookVerificationError } = api;
export default api;
