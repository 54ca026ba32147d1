// `import ... from 'hookseal/express'`: the same objects as the CommonJS entry.
import api from './express.cjs';

export const { webhookMiddleware } = api;
export default api;
