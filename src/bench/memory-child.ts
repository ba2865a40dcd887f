import { loadConfig } from '../config';
import { createBot } from '../create-bot';
import { silentLogger } from '../logger';
import { Metrics } from '../ops/metrics';
import { ConversationService, RateLimiter } from '../service';

const QUESTIONS = [
  'POP ou IMAP ?', 'Outlook port?', 'quel serveur sortant pour alice@exemple.fr', 'how do I set up my iPhone', 'et pour POP ?',
  'je n arrive pas a envoyer', 'imap port?', 'my password keeps being rejected', 'tous les parametres', 'thanks',
];

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resident memory once garbage is collected and V8 has had a moment to hand pages back. */
async function rssMb(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    global.gc?.();
    await pause(50);
  }
  return Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10;
}

/**
 * Child process of the memory benchmark (run with --expose-gc): 100,000 messages from
 * 10,000 users through the conversation service, twice; prints resident memory after each pass.
 */
export async function run(): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'silent', UNANSWERED_LOG_FILE: 'off' });
  const bot = createBot(config);
  const limiter = new RateLimiter({ limit: 1000, windowMs: config.rateLimit.windowMs, maxUsers: 100_000 });
  const service = new ConversationService({ bot, logger: silentLogger(), metrics: new Metrics(false), limits: limiter });
  const pass = async () => {
    for (let i = 0; i < 100_000; i++) {
      const user = `user-${i % 10_000}`;
      await service.handle({ platform: 'bench', conversationId: `conv-${user}`, userId: user, text: QUESTIONS[i % QUESTIONS.length] });
      // Messages arrive from sockets, between which the event loop turns: so it does here.
      if (i % 1000 === 999) await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const before = await rssMb();
  await pass();
  const afterFirst = await rssMb();
  await pass();
  const afterSecond = await rssMb();
  process.stdout.write(JSON.stringify({ before, afterFirst, afterSecond, contexts: bot.memory.size, rateLimitUsers: limiter.size }));
}

if (require.main === module) void run();
