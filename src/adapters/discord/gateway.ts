import { Client, Events, GatewayDispatchEvents, GatewayIntentBits, type GatewayDispatchPayload } from 'discord.js';
import type { Logger } from '../../logger';
import type { RawInteraction } from './interaction';
import { loginError } from './login-error';
import type { RawMessage } from './mentions';
import { ALLOWED_MENTIONS } from './respond';
import { restOptions, type RestTimings } from './rest-options';
import { errorForLog } from './safe-log';

/**
 * Intents: Guilds (servers, channels and their preferred locale), GuildMessages (messages
 * that mention the bot) and DirectMessages. No privileged intent: Discord still gives the
 * content of a message that mentions the bot and of a DM without MessageContent.
 */
const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];

export interface GatewayOptions {
  token: string;
  apiUrl?: string;
  logger: Logger;
  timings: RestTimings & { connectTimeoutMs: number; waitGuildTimeoutMs: number };
  /** An interaction that came through the gateway (when no Interactions Endpoint URL is set). */
  onInteraction(interaction: RawInteraction): void;
  /** A message the bot can see (mentions, DMs). */
  onMessage(message: RawMessage, botUserId: string): void;
}

/**
 * The bot's gateway session (discord.js), for what only the gateway delivers: mentions and
 * DMs, and interactions when Discord is not told to send them over HTTP. Events are taken as
 * Discord sends them (the raw packets) and answered through the adapter's own REST client, so
 * answers in flight still go out after the session is closed. Each `connect()` opens a new
 * client: one replica at a time holds the session (see the adapter's lease).
 */
export class GatewaySession {
  private client?: Client;

  constructor(private readonly options: GatewayOptions) {}

  get ready(): boolean {
    return Boolean(this.client?.isReady());
  }

  /** The preferred locale of a server the session has seen (GUILD_CREATE), for messages that carry none. */
  guildLocale(guildId: string | undefined): string | undefined {
    return guildId ? this.client?.guilds.cache.get(guildId)?.preferredLocale : undefined;
  }

  /** Logs in and resolves once READY (and the servers announced) arrived; rejects with an operator's error. */
  async connect(): Promise<void> {
    const { logger, timings } = this.options;
    const client = new Client({
      intents: INTENTS,
      allowedMentions: ALLOWED_MENTIONS,
      failIfNotExists: false,
      waitGuildTimeout: timings.waitGuildTimeoutMs,
      rest: restOptions(this.options.apiUrl, timings, logger),
    });
    client.on(Events.Raw, (packet: GatewayDispatchPayload) => this.dispatch(client, packet));
    client.on(Events.Error, (error) => logger.error({ error: errorForLog(error) }, 'discord client error'));
    client.on(Events.Warn, (warning) => logger.warn({ warning }, 'discord client warning'));
    client.on(Events.ShardError, (error, shardId) => logger.warn({ error: errorForLog(error), shardId }, 'gateway connection error'));
    client.on(Events.ShardDisconnect, (event, shardId) => logger.warn({ code: event.code, shardId }, 'gateway disconnected'));
    client.on(Events.ShardReconnecting, (shardId) => logger.warn({ shardId }, 'gateway connection lost; reconnecting'));
    client.on(Events.ShardResume, (shardId, replayed) => logger.info({ shardId, replayed }, 'gateway session resumed'));
    this.client = client;

    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from the gateway within ${timings.connectTimeoutMs / 1000} s`)), timings.connectTimeoutMs);
    });
    try {
      await Promise.race([client.login(this.options.token).then(() => ready), timeout]);
    } catch (error) {
      this.client = undefined;
      await client.destroy();
      throw loginError(error, this.options.apiUrl);
    } finally {
      clearTimeout(timer);
    }
    logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'connected to Discord');
  }

  /** Closes the session; events already taken are still answered (through the adapter's REST client). */
  async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.destroy();
  }

  private dispatch(client: Client, packet: GatewayDispatchPayload): void {
    // A client being replaced may still deliver a last packet: only the current one speaks.
    if (client !== this.client) return;
    if (packet.t === GatewayDispatchEvents.InteractionCreate) this.options.onInteraction(packet.d as unknown as RawInteraction);
    else if (packet.t === GatewayDispatchEvents.MessageCreate && client.user) this.options.onMessage(packet.d as unknown as RawMessage, client.user.id);
  }
}
