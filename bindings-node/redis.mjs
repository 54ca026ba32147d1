// `import ... from 'hookseal/redis'` under Node: the same objects as the CommonJS entry.
import api from './redis.cjs';

export const { RedisReplayGuard, GuardUnavailableError, DEFAULT_PREFIX } = api;
export default api;
