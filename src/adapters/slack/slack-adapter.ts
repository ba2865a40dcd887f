import { App } from '@slack/bolt';
import type { SlackConfig } from '../../config';
import { InFlight, RenderCache } from '../../service';
import type { Adapter, AdapterDeps } from '../adapter';
import { boltLogger } from './bolt-logger';
import { Delivery } from './delivery';
import { FileSender } from './files';
import { slackSupportDesk } from './handoff';
import { SlackHttpReceiver } from './http-receiver';
import { registerListeners } from './listeners';
import type { SlackServices } from './services';
import { SocketConnection } from './socket';
import { DEFAULT_USER_DIRECTORY, UserDirectory, type UserDirectoryOptions } from './user-directory';
import { createWebClient, identifyBot, webClientOptions, type WebApiPolicy } from './web-client';

export interface SlackAdapterDeps extends AdapterDeps {
  config: SlackConfig;
  /** Overrides for tests (shorter retries); production uses the defaults. */
  webApiPolicy?: Partial<WebApiPolicy>;
  userDirectory?: Partial<UserDirectoryOptions>;
}

/** How long `stop()` lets answers in flight finish before giving up on them. */
const STOP_DRAIN_MS = 5000;
const SOCKET_CLOSE_MS = 3000;
/** A reused rendering carries a Share id; it is made again well before the answer kept for it expires (SHARE_TTL_MS). */
const RENDERING_REUSE_MS = 10 * 60 * 1000;

/**
 * The Slack adapter: Bolt wired to the bot. HTTP mode serves POST /slack/events on the bot's
 * HTTP server; Socket Mode connects out through `apps.connections.open`. Either way every Web
 * API call goes to SLACK_API_URL when set, with bounded retries and time-outs.
 */
export class SlackAdapter implements Adapter {
  readonly name = 'slack';
  private app?: App;
  private httpReceiver?: SlackHttpReceiver;
  private socket?: SocketConnection;
  private started = false;
  private readonly inFlight = new InFlight();

  constructor(private readonly deps: SlackAdapterDeps) {}

  async start(): Promise<void> {
    if (this.started) return;
    const { config, logger } = this.deps;
    const slackLogger = boltLogger(logger);
    const clientOptions = webClientOptions(config, slackLogger, this.deps.webApiPolicy, logger);
    const client = createWebClient(config, clientOptions);
    // A bad token fails here, with a message naming SLACK_BOT_TOKEN, before anything listens.
    const identity = await identifyBot(client, config);

    let receiver: SlackHttpReceiver | SocketConnection['receiver'];
    if (config.mode === 'socket') {
      this.socket = new SocketConnection(config.appToken!, slackLogger, clientOptions);
      receiver = this.socket.receiver;
    } else {
      this.httpReceiver = new SlackHttpReceiver({ http: this.deps.http, signingSecret: config.signingSecret!, logger, boltLogger: slackLogger });
      receiver = this.httpReceiver;
    }
    const app = new App({
      token: config.botToken,
      // Known from auth.test above: Bolt need not call it again.
      botId: identity.botId,
      botUserId: identity.userId,
      receiver,
      logger: slackLogger,
      clientOptions: { ...clientOptions },
      convoStore: false,
    });
    registerListeners(app, this.services(client, identity.userId, identity.teamId));
    this.app = app;

    if (this.socket) await this.socket.connect(() => app.start(), config.apiUrl);
    else await app.start();
    this.started = true;
    logger.info({ mode: config.mode, team: identity.teamId, botUser: identity.userId }, 'slack adapter ready');
  }

  private services(client: ReturnType<typeof createWebClient>, botUserId: string, teamId: string): SlackServices {
    const { service, logger, config } = this.deps;
    if (config.supportChannel) service.addSupportDesk(slackSupportDesk(client, config.supportChannel, logger));
    return {
      service,
      logger,
      client,
      users: new UserDirectory(client, logger, { ...DEFAULT_USER_DIRECTORY, ...this.deps.userDirectory }),
      delivery: new Delivery(client, logger),
      files: new FileSender(client),
      mapper: { botUserId, teamId },
      supportChannel: config.supportChannel,
      renderings: new RenderCache(RENDERING_REUSE_MS),
      inFlight: this.inFlight,
    };
  }

  /**
   * Stops taking events (Socket Mode: the socket closes and Slack redelivers elsewhere), gives
   * answers in flight up to STOP_DRAIN_MS to finish, then refuses HTTP requests with 503 (which
   * Slack retries). Requests that reach the HTTP route while answers drain are still answered:
   * the app's server takes no new connections by then, and a refused slash command would be
   * lost (Slack retries events, not commands).
   */
  async stop(): Promise<void> {
    if (!this.app) return;
    this.started = false;
    if (this.socket) await this.socket.disconnect(SOCKET_CLOSE_MS);
    const drained = await this.inFlight.drain(this.deps.stopTimeoutMs ?? STOP_DRAIN_MS);
    if (!drained) this.deps.logger.warn({ pending: this.inFlight.size }, 'slack adapter stopped with answers still in flight');
    if (this.httpReceiver) await this.httpReceiver.stop();
    this.app = undefined;
  }

  /** Resolves true once no Slack work is in flight (answers, uploads), false after `timeoutMs`. */
  idle(timeoutMs = 5000): Promise<boolean> {
    return this.inFlight.drain(timeoutMs);
  }

  isReady(): boolean {
    return this.started && (this.socket ? this.socket.connected : true);
  }
}
