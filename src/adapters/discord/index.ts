import { ChannelType, Client, Events, GatewayDispatchEvents, GatewayIntentBits, Partials, type GatewayDispatchPayload, type Interaction, type Message } from 'discord.js';
import type { DiscordConfig } from '../../config';
import { InFlight, RenderCache } from '../../service';
import type { Adapter, AdapterDeps } from '../adapter';
import { handleAutocomplete } from './autocomplete';
import { handleButton } from './buttons';
import { handleCommand } from './slash-command';
import { CommonQuestions } from './common-questions';
import { buttonLabels, type DiscordContext } from './context';
import { discordSupportDesk } from './handoff';
import { loginError } from './login-error';
import { handleMessage } from './mentions';
import { ALLOWED_MENTIONS } from './respond';
import { DEFAULT_REST_TIMINGS, logRestEvents, restOptions, type RestTimings } from './rest-options';
import { errorForLog } from './safe-log';

export { mailconfigCommand } from './commands';
export { renderDiscord } from './render';
export { commandToInbound, messageToInbound, suggestionToInbound } from './inbound';

/** Timings, in milliseconds; tests shorten them. */
export interface DiscordTimings extends RestTimings {
  /** Defer an interaction whose answer is not ready by then (Discord drops it after 3 s). */
  deferAfterMs: number;
  /** How long `stop()` waits for answers in flight. */
  stopTimeoutMs: number;
  /** How long `start()` waits for the gateway before giving up. */
  connectTimeoutMs: number;
  /** How long discord.js waits for the servers announced in READY before calling itself ready. */
  waitGuildTimeoutMs: number;
}

const DEFAULT_TIMINGS: DiscordTimings = { deferAfterMs: 2000, stopTimeoutMs: 5000, connectTimeoutMs: 30000, waitGuildTimeoutMs: 5000, ...DEFAULT_REST_TIMINGS };

export interface DiscordAdapterDeps extends AdapterDeps {
  config: DiscordConfig;
  timings?: Partial<DiscordTimings>;
}

/**
 * Intents: Guilds (servers, channels and their preferred locale), GuildMessages (messages
 * that mention the bot) and DirectMessages. No privileged intent: Discord still gives the
 * content of a message that mentions the bot and of a DM without MessageContent.
 */
const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];

/**
 * The Discord adapter: `/mailconfig` (with autocomplete), mentions, DMs and buttons through
 * the discord.js gateway client. It never registers commands (`npm run discord:register` does).
 */
export function createDiscordAdapter(deps: DiscordAdapterDeps): Adapter {
  const timings = { ...DEFAULT_TIMINGS, ...(deps.stopTimeoutMs ? { stopTimeoutMs: deps.stopTimeoutMs } : {}), ...deps.timings };
  const logger = deps.logger.child({ adapter: 'discord' });
  const client = new Client({
    intents: INTENTS,
    // DM channels are never announced by the gateway: without this partial, DMs are dropped.
    partials: [Partials.Channel],
    allowedMentions: ALLOWED_MENTIONS,
    failIfNotExists: false,
    waitGuildTimeout: timings.waitGuildTimeoutMs,
    rest: restOptions(deps.config.apiUrl, timings, logger),
  });
  logRestEvents(client.rest, logger);
  const ctx: DiscordContext = {
    service: deps.service,
    logger,
    config: deps.config,
    client,
    questions: new CommonQuestions(deps.service.translations),
    deferAfterMs: timings.deferAfterMs,
    labels: buttonLabels(deps.service),
    renderings: new RenderCache(),
  };
  if (deps.config.supportChannelId) deps.service.addSupportDesk(discordSupportDesk(ctx, deps.config.supportChannelId));

  let accepting = false;
  const inFlight = new InFlight();
  const track = (work: () => Promise<void>, what: string): void => {
    // Handlers apologise for their own failures; what still escapes is a failed apology.
    void inFlight.run(() => work().catch((error: unknown) => logger.error({ error: errorForLog(error) }, `${what}: the user could not be answered`)));
  };

  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    if (!accepting) return;
    if (interaction.isAutocomplete()) track(() => handleAutocomplete(ctx, interaction), 'autocomplete');
    else if (interaction.isChatInputCommand()) track(() => handleCommand(ctx, interaction), 'slash command');
    else if (interaction.isButton()) track(() => handleButton(ctx, interaction), 'button');
  });
  client.on(Events.MessageCreate, (message: Message) => {
    if (accepting) track(() => handleMessage(ctx, message), 'message');
  });
  client.on(Events.Raw, (packet: GatewayDispatchPayload) => fillChannelType(client, packet));
  client.on(Events.Error, (error) => logger.error({ error: errorForLog(error) }, 'discord client error'));
  client.on(Events.Warn, (warning) => logger.warn({ warning }, 'discord client warning'));
  client.on(Events.ShardError, (error, shardId) => logger.warn({ error: errorForLog(error), shardId }, 'gateway connection error'));
  client.on(Events.ShardDisconnect, (event, shardId) => logger.warn({ code: event.code, shardId }, 'gateway disconnected'));
  client.on(Events.ShardReconnecting, (shardId) => logger.warn({ shardId }, 'gateway connection lost; reconnecting'));
  client.on(Events.ShardResume, (shardId, replayed) => logger.info({ shardId, replayed }, 'gateway session resumed'));

  return {
    name: 'discord',
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer from the gateway within ${timings.connectTimeoutMs / 1000} s`)), timings.connectTimeoutMs);
      });
      accepting = true;
      try {
        await Promise.race([client.login(deps.config.token).then(() => ready), timeout]);
      } catch (error) {
        accepting = false;
        await client.destroy();
        throw loginError(error, deps.config.apiUrl);
      } finally {
        clearTimeout(timer);
      }
      logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'connected to Discord');
    },
    async stop() {
      accepting = false;
      if (!(await inFlight.drain(timings.stopTimeoutMs))) logger.warn({ pending: inFlight.size }, 'stopping with answers still in flight');
      await client.destroy();
    },
    isReady() {
      return accepting && client.isReady();
    },
  };
}

/**
 * discord.js builds a channel it has not cached (every DM; a server channel it was not told
 * about) from the `channel_type` Discord puts on MESSAGE_CREATE, and drops the message when
 * it is missing. A gateway or proxy that leaves it out would make those messages vanish
 * silently, so it is filled in before discord.js reads the packet (the Raw event comes first):
 * no server means a DM, otherwise a text channel (a reply goes to the same endpoint either way).
 */
function fillChannelType(client: Client, packet: GatewayDispatchPayload): void {
  if (packet.t !== GatewayDispatchEvents.MessageCreate) return;
  const data = packet.d as { guild_id?: string; channel_id: string; channel_type?: number };
  if (data.channel_type !== undefined || client.channels.cache.has(data.channel_id)) return;
  data.channel_type = data.guild_id ? ChannelType.GuildText : ChannelType.DM;
}
