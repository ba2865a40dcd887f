import type { Readable, Writable } from 'node:stream';
import type { Adapter, AdapterDeps } from './adapters/adapter';
import { ConsoleAdapter } from './adapters/console/console-adapter';
import { createWebChatAdapter, WEB_CHAT_PATHS, type WebChatAdapter } from './adapters/web';
import type { Config } from './config';
import type { Bot } from './core';
import { createBot } from './create-bot';
import { createDiagnostics, DEFAULT_USER_LIMIT, DEFAULT_USER_WINDOW_MS } from './diagnostics';
import { HttpServer } from './http/server';
import { createLogger, type Logger } from './logger';
import { Metrics } from './ops/metrics';
import { registerOpsRoutes } from './ops/ops-routes';
import { UnansweredLog } from './ops/unanswered-log';
import { checkRateLimitInStore, ConversationService, rateLimitsInStore, reportCacheInStore, serviceStateIn, stateFamilyLimits } from './service';
import { registerSetupFileRoutes } from './setup-files';
import { openStateStore, type StateStore } from './state';

export interface AppIo {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable;
  logStream?: Writable;
  /** Where the console chat's side notes go (the web chat's address); standard error by default. */
  notices?: Writable;
}

/**
 * Everything the running bot is made of, wired from a validated config. `main` starts and
 * stops it; end-to-end tests drive it the same way.
 */
export class App {
  readonly logger: Logger;
  readonly bot: Bot;
  readonly metrics = new Metrics();
  /** Answers, languages, apologies and handoffs, for every adapter. */
  readonly service: ConversationService;
  readonly http: HttpServer;
  readonly adapters: Adapter[] = [];
  readonly unanswered?: UnansweredLog;
  /** Conversations, limits, claims, deliveries and leases: this process's memory, or Redis shared by replicas (REDIS_URL). */
  readonly state: StateStore;
  /** The console chat, when no platform is configured. */
  readonly console?: ConsoleAdapter;
  /** The web chat (/chat, the widget and its API), unless WEBCHAT_ENABLED=false. */
  readonly webChat?: WebChatAdapter;
  private stopping?: Promise<void>;
  httpPort?: number;

  constructor(
    readonly config: Config,
    private readonly io: AppIo,
  ) {
    const platforms = Boolean(config.slack || config.discord);
    // The console chat shares the terminal with the logs: keep them to warnings unless asked.
    const level = config.logLevelSet || platforms ? config.logLevel : 'warn';
    // Errors the adapters log (a platform call that failed) are counted by platform in the metrics.
    this.logger = createLogger(level, io.logStream, (platform) => this.metrics.errors.inc({ platform, kind: 'platform' }));
    for (const warning of config.warnings) this.logger.warn({ event: 'config_warning' }, warning);
    this.bot = createBot(config);
    // Connects in the background; start() waits for the first attempt, and an unreachable Redis does not stop the bot.
    this.state = openStateStore({ redis: config.redis, familyLimits: stateFamilyLimits({ conversations: config.contextMaxEntries }) }, this.logger, this.metrics);
    // With Redis, the replicas' unanswered questions go to one shared stream (report:unanswered reads it).
    const unansweredTarget = config.unansweredLogFile && (config.redis ? { store: this.state } : config.unansweredLogFile);
    this.unanswered = unansweredTarget
      ? new UnansweredLog(unansweredTarget, (error) => this.logger.warn({ err: error }, 'the unanswered-question log cannot be written; it is turned off'))
      : undefined;
    this.service = new ConversationService({
      bot: this.bot,
      logger: this.logger,
      metrics: this.metrics,
      ...serviceStateIn(this.state, { conversationTtlMs: config.contextTtlMs, rateLimit: { limit: config.rateLimit.messages, windowMs: config.rateLimit.windowMs } }),
      unanswered: this.unanswered,
      logMessageText: config.logMessageText,
      lowConfidence: Math.min(1, config.minConfidence + 0.2),
      diagnostics: createDiagnostics(config.diagnostics, this.bot.kb, this.logger.child({ component: 'diagnostics' }), {
        // In the shared state: a user's limit and a domain's recent report hold across replicas.
        service: {
          rateLimit: checkRateLimitInStore(this.state, { limit: DEFAULT_USER_LIMIT, windowMs: DEFAULT_USER_WINDOW_MS }),
          cache: reportCacheInStore(this.state),
        },
      }),
    });
    this.http = new HttpServer(this.logger);
    // The console and the web chat live in this process and on this server: nothing to be connected to.
    registerOpsRoutes(this.http, () => this.adapters.filter((a) => a.name !== 'console' && a.name !== 'web'), this.metrics, config.redis ? this.state : undefined);
    registerSetupFileRoutes(this.http, this.bot.kb, { signing: config.profileSigning, defaultLang: config.defaultLang });
    const deps: Omit<AdapterDeps, 'logger'> = { service: this.service, http: this.http, stopTimeoutMs: config.shutdownTimeoutMs };
    // Loaded only when configured: each platform SDK takes a while to load.
    if (config.slack) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createSlackAdapter } = require('./adapters/slack') as typeof import('./adapters/slack');
      this.adapters.push(createSlackAdapter({ ...deps, logger: this.logger.child({ platform: 'slack' }), config: config.slack }));
    }
    if (config.discord) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createDiscordAdapter } = require('./adapters/discord') as typeof import('./adapters/discord');
      this.adapters.push(createDiscordAdapter({ ...deps, logger: this.logger.child({ platform: 'discord' }), config: config.discord }));
    }
    if (config.webChat) {
      const perAddress = config.webChat.perAddress;
      this.webChat = createWebChatAdapter({
        ...deps,
        logger: this.logger.child({ platform: 'web' }),
        config: config.webChat,
        // In the shared state, so that a limit per address holds across replicas.
        addressLimits: rateLimitsInStore(this.state, { limit: perAddress.limit, windowMs: perAddress.windowMs }),
      });
      this.adapters.push(this.webChat);
    }
    if (!platforms) {
      this.console = new ConsoleAdapter({
        answer: (m) => this.service.handle(m),
        translations: this.service.translations,
        input: io.stdin,
        output: io.stdout,
        defaultLang: config.defaultLang,
      });
      this.adapters.push(this.console);
    }
  }

  /** The HTTP server (Slack events, health, metrics, setup files, web chat) runs whenever a platform or the web chat is on, or PORT was set. */
  private get needsHttp(): boolean {
    return Boolean(this.config.slack || this.config.discord || this.config.portSet || this.config.webChat);
  }

  /** The web chat page's address on this machine, once the server listens. */
  get webChatUrl(): string | undefined {
    return this.webChat && this.httpPort !== undefined ? `http://localhost:${this.httpPort}${WEB_CHAT_PATHS.page}` : undefined;
  }

  async start(): Promise<void> {
    await this.state.ready();
    // The console chat starts last, so its prompt comes after the web chat's address.
    for (const adapter of this.adapters) if (adapter !== this.console) await adapter.start();
    if (this.needsHttp) {
      this.httpPort = await this.listen();
      this.logger.info({ port: this.httpPort }, 'HTTP server listening');
      if (this.webChatUrl) {
        this.logger.info({ url: this.webChatUrl }, 'web chat ready');
        if (this.console) (this.io.notices ?? process.stderr).write(`Web chat: ${this.webChatUrl}\n`);
      }
    }
    if (this.console) await this.console.start();
  }

  /**
   * Listens on PORT. Without PORT set (the console chat on a laptop), a busy default port is not
   * worth failing for: another free port is used, and its address printed.
   */
  private async listen(): Promise<number> {
    try {
      return await this.http.listen(this.config.port);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || this.config.portSet) throw error;
      this.logger.warn({ port: this.config.port }, 'the default port is busy; listening on another one (set PORT to choose)');
      return this.http.listen(0);
    }
  }

  /**
   * The HTTP server takes no new connections (requests already sent are still answered); each
   * adapter stops taking messages and lets those in flight finish (bounded by
   * SHUTDOWN_TIMEOUT_SECONDS), then disconnects; then the conversation service, the server and
   * the state store close.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.http.stopAccepting();
      const deadline = this.config.shutdownTimeoutMs;
      await Promise.allSettled(this.adapters.map((a) => withTimeout(a.stop(), deadline + 500)));
      this.service.close();
      await withTimeout(this.http.close(), 1000);
      await this.unanswered?.close();
      await this.state.close();
      this.logger.info('stopped');
    })();
    return this.stopping;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
