import type { Logger } from '../logger';
import { MemoryStateStore } from './memory-store';
import type { StateMetrics } from './redis-store';
import type { RedisSettings } from './redis-url';
import type { FamilyLimits, StateStore } from './state-store';

export type { FamilyLimits, StateHealth, StateOperation, StateStore } from './state-store';
export { DEFAULT_LOG_RETENTION_MS, familyOf, StateUnavailableError } from './state-store';
export { MemoryStateStore } from './memory-store';
export type { StateMetrics } from './redis-store';
export { redactRedisUrl, type RedisSettings } from './redis-url';
export { redactedConversation, redactedText, redactedTurn } from './redacted';

/** Keys one process keeps at most in memory: every conversation, counter and claim of 100,000 users is far below 100 MB. */
export const MEMORY_MAX_KEYS = 200_000;

export interface StateStoreOptions {
  /** Redis (REDIS_URL); this process's memory without it. */
  redis?: RedisSettings;
  /** Keys kept at most per family, in Redis and in memory. */
  familyLimits?: FamilyLimits;
}

/**
 * The bot's state store: in this process's memory without REDIS_URL, in Redis with it. The
 * Redis store connects in the background: `ready()` resolves after the first connection
 * attempt (at most a couple of seconds) either way; an unreachable Redis does not stop
 * start-up, the store answers from memory and reconnects by itself.
 */
export function openStateStore(options: StateStoreOptions, logger: Logger, metrics?: StateMetrics): StateStore {
  const { redis, familyLimits } = options;
  if (!redis) return new MemoryStateStore({ maxKeys: MEMORY_MAX_KEYS, familyLimits });
  // Loaded only when configured: a single-process bot (and `ask`'s cold start) does without the client.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { RedisStateStore } = require('./redis-store') as typeof import('./redis-store');
  return new RedisStateStore({ url: redis.url, prefix: redis.prefix, logger, metrics, fallbackMaxKeys: MEMORY_MAX_KEYS, familyLimits });
}

/** `openStateStore`, resolved once the store is ready (for tools that use it at once). */
export async function createStateStore(options: StateStoreOptions, logger: Logger, metrics?: StateMetrics): Promise<StateStore> {
  const store = openStateStore(options, logger, metrics);
  await store.ready();
  return store;
}
