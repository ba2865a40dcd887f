import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { loadConfig } from '../config';
import { createBot } from '../create-bot';
import { silentLogger } from '../logger';
import { Metrics } from '../ops/metrics';
import { ConversationService, FAMILY, serviceStateIn, stateFamilyLimits } from '../service';
import { familyOf, openStateStore } from '../state';

export interface RedisKeysFigures {
  messages: number;
  users: number;
  seconds: number;
  /** Keys left in Redis per family, and each family's configured maximum. */
  families: Record<string, { keys: number; max: number }>;
  /** Every key under the prefix (the families' indexes and the unanswered stream included). */
  totalKeys: number;
  /** Keys with no expiry (must be 0). */
  keysWithoutTtl: number;
  /** True when no family holds more keys than its maximum. */
  bounded: boolean;
  /** Redis's own memory use after the run. */
  usedMemoryMb: number;
}

const QUESTIONS = [
  'POP ou IMAP ?', 'Outlook port?', 'quel serveur sortant pour alice@exemple.fr', 'how do I set up my iPhone', 'et pour POP ?',
  'je n arrive pas a envoyer', 'imap port?', 'my password keeps being rejected', 'tous les parametres', 'thanks',
];
const MESSAGES = 100_000;
const USERS = 10_000;
/** Messages in flight at once, as from many users on several connections. */
const IN_FLIGHT = 32;
const PREFIX = 'bench:keys:';

/**
 * 100,000 messages from 10,000 users through the conversation service with its state in Redis
 * (as with REDIS_URL), each taken as a delivery (de-duplication) and each answer kept for a
 * Share button (the worst case: Slack keeps only fresh ephemeral answers), then every key under
 * the prefix counted by family, with its expiry checked.
 */
export async function benchRedisKeys(redisUrl: string): Promise<RedisKeysFigures> {
  const config = loadConfig({ LOG_LEVEL: 'silent', UNANSWERED_LOG_FILE: 'off' });
  const limits = stateFamilyLimits({ conversations: config.contextMaxEntries });
  const store = openStateStore({ redis: { url: redisUrl, prefix: PREFIX }, familyLimits: limits }, silentLogger());
  await store.ready();
  if (store.health() !== 'ok') throw new Error(`Redis keys benchmark: Redis at ${redisUrl} cannot be reached`);
  const service = new ConversationService({
    bot: createBot(config),
    logger: silentLogger(),
    metrics: new Metrics(false),
    ...serviceStateIn(store, { conversationTtlMs: config.contextTtlMs, rateLimit: { limit: 1000, windowMs: config.rateLimit.windowMs } }),
  });
  const started = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      for (let i = next++; i < MESSAGES; i = next++) {
        const user = `user-${i % USERS}`;
        const reply = await service.handle({ platform: 'bench', conversationId: `conv-${user}`, userId: user, text: QUESTIONS[i % QUESTIONS.length] }, `bench:${i}`);
        if (reply) await service.keepReply(randomUUID(), reply);
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  await service.close();
  await store.close();
  return { messages: MESSAGES, users: USERS, seconds: Math.round(seconds * 10) / 10, ...(await countKeys(redisUrl, limits)) };
}

async function countKeys(redisUrl: string, limits: Record<string, number>): Promise<Omit<RedisKeysFigures, 'messages' | 'users' | 'seconds'>> {
  const client = new Redis(redisUrl);
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [nextCursor, batch] = await client.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 5000);
      cursor = nextCursor;
      keys.push(...batch);
    } while (cursor !== '0');
    const pipeline = client.pipeline();
    for (const key of keys) pipeline.pttl(key);
    const ttls = ((await pipeline.exec()) ?? []).map(([, ttl]) => Number(ttl));
    const families: RedisKeysFigures['families'] = {};
    for (const family of Object.values(FAMILY)) families[family] = { keys: 0, max: limits[family] };
    for (const key of keys) {
      const family = familyOf(key.slice(PREFIX.length));
      if (families[family]) families[family].keys++;
    }
    const memory = /used_memory:(\d+)/.exec(await client.info('memory'))?.[1];
    return {
      families,
      totalKeys: keys.length,
      keysWithoutTtl: ttls.filter((ttl) => ttl < 0).length,
      bounded: Object.values(families).every((f) => f.keys <= f.max),
      usedMemoryMb: Math.round((Number(memory) / 2 ** 20) * 10) / 10,
    };
  } finally {
    client.disconnect();
  }
}
