import type { Config } from '../config';
import type { Logger } from '../logger';
import { MemoryStateStore } from './memory-store';
import type { StateMetrics } from './redis-store';
import type { StateStore } from './state-store';

export type { StateHealth, StateOperation, StateStore } from './state-store';
export { DEFAULT_LOG_RETENTION_MS } from './state-store';
export { MemoryStateStore } from './memory-store';
export type { StateMetrics } from './redis-store';
export { redactRedisUrl } from './redis-url';
export { redactedConversation, redactedText, redactedTurn } from './redacted';

/** Keys one process keeps at most in memory: every conversation, counter and claim of 100,000 users is far below 100 MB. */
export const MEMORY_MAX_KEYS = 100_000;

/**
 * The bot's state store: in this process's memory without REDIS_URL, in Redis with it. With
 * Redis, it waits for the first connection attempt (at most a couple of seconds) and then
 * returns either way: an unreachable Redis does not stop start-up, the store answers from
 * memory and reconnects by itself.
 */
export async function createStateStore(config: Pick<Config, 'redis'>, logger: Logger, metrics?: StateMetrics): Promise<StateStore> {
  if (!config.redis) return new MemoryStateStore({ maxKeys: MEMORY_MAX_KEYS });
  // Loaded only when configured: a single-process bot (and `ask`'s cold start) does without the client.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RedisStateStore } = require('./redis-store') as typeof import('./redis-store');
  const store = new RedisStateStore({ url: config.redis.url, prefix: config.redis.prefix, logger, metrics, fallbackMaxKeys: MEMORY_MAX_KEYS });
  await store.ready();
  return store;
}
