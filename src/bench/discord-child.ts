import { Client, Events, GatewayIntentBits, MessageFlags, Partials } from 'discord.js';
import type { Adapter } from '../adapters/adapter';
import type { Reply } from '../core';
import { createDiscordAdapter } from '../adapters/discord';
import { loadConfig } from '../config';
import { createBot } from '../create-bot';
import type { HttpServer } from '../http/server';
import { silentLogger } from '../logger';
import { Metrics } from '../ops/metrics';
import { ConversationService, RateLimiter, type ConversationServiceOptions } from '../service';
import { BENCH } from './discord-fakes';

/** What the two sides say in the benchmark's child process (over the IPC channel). */
export type ChildMessage = { type: 'ready' } | { type: 'cpu'; user: number; system: number } | { type: 'error'; message: string };
export type ParentMessage = { type: 'cpu' } | { type: 'stop' };

/** The constant the bare client replies with. */
export const BARE_REPLY = 'IMAP: port 993 (SSL/TLS) · SMTP: port 465 (SSL/TLS)';

/** Which client the child runs: the bot, the bot with a fixed answer (see `benchDiscord`), or a bare discord.js client. */
export type ChildMode = 'bot' | 'fixed' | 'bare';

/**
 * The bot as it runs: the real adapter, answering through the app's conversation service (the
 * rate limit set out of the way). With `fixedAnswer`, the core's answer is computed once and
 * handed back every time: all the adapter's work, none of the core's.
 */
async function startBot(apiUrl: string, fixedAnswer: boolean): Promise<Adapter> {
  const config = loadConfig({ LOG_LEVEL: 'silent', UNANSWERED_LOG_FILE: 'off' });
  const bot = createBot(config);
  const options: ConversationServiceOptions = {
    bot,
    logger: silentLogger(),
    metrics: new Metrics(false),
    limits: new RateLimiter({ limit: 1_000_000_000, windowMs: config.rateLimit.windowMs, maxUsers: 100_000 }),
  };
  const service = fixedAnswer
    ? new FixedAnswer(options, bot.process({ platform: 'discord', conversationId: 'bench', userId: 'bench', text: 'outlook port', localeHint: 'en-US' }).reply)
    : new ConversationService(options);
  const adapter = createDiscordAdapter({
    service,
    logger: options.logger,
    http: undefined as unknown as HttpServer,
    config: { token: BENCH.token, appId: BENCH.appId, apiUrl },
  });
  await adapter.start();
  return adapter;
}

/** The service with the core's work taken out: the same reply to every message. */
class FixedAnswer extends ConversationService {
  constructor(
    options: ConversationServiceOptions,
    private readonly reply: Reply,
  ) {
    super(options);
  }

  override async handle(): Promise<Reply> {
    return this.reply;
  }
}

/** A bare discord.js client, same intents and partials, that replies a constant to every slash command. */
async function startBare(apiUrl: string): Promise<Adapter> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    rest: { api: apiUrl },
  });
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand()) void interaction.reply({ content: BARE_REPLY, flags: MessageFlags.Ephemeral }).catch(() => undefined);
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(BENCH.token);
  await ready;
  return { name: 'bare', start: async () => undefined, stop: async () => void (await client.destroy()), isReady: () => client.isReady() };
}

/**
 * The client under test in the Discord benchmark, in its own process (so the fake Discord
 * and the load generator do not share its CPU): `BENCH_MODE` (a `ChildMode`), `BENCH_API_URL`
 * the fake REST API. Says `ready` once connected; answers `cpu` with its CPU time so far.
 */
export async function run(): Promise<void> {
  const send = (message: ChildMessage) => process.send?.(message);
  try {
    const apiUrl = process.env.BENCH_API_URL!;
    const mode = process.env.BENCH_MODE as ChildMode;
    const client = mode === 'bare' ? await startBare(apiUrl) : await startBot(apiUrl, mode === 'fixed');
    process.on('message', (message: ParentMessage) => {
      if (message.type === 'cpu') {
        const usage = process.cpuUsage();
        send({ type: 'cpu', user: usage.user, system: usage.system });
      } else if (message.type === 'stop') {
        void client.stop().finally(() => process.exit(0));
      }
    });
    send({ type: 'ready' });
  } catch (error) {
    send({ type: 'error', message: (error as Error).stack ?? String(error) });
    process.exit(1);
  }
}

if (require.main === module) void run();
