import { REST, Routes } from 'discord.js';
import type { DiscordConfig } from '../../config';
import { InFlight, RenderCache, type SingleHolderOptions } from '../../service';
import type { Adapter, AdapterDeps } from '../adapter';
import { handleAutocomplete } from './autocomplete';
import { handleButton } from './buttons';
import { CommonQuestions } from './common-questions';
import { buttonLabels, type DiscordContext } from './context';
import { GatewaySession } from './gateway';
import { discordSupportDesk } from './handoff';
import { registerInteractionsRoute } from './http-interactions';
import { INTERACTION, type RawInteraction } from './interaction';
import { loginError } from './login-error';
import { handleMessage } from './mentions';
import { InteractionResponder, restCallback, type CallbackChannel } from './respond';
import { DEFAULT_REST_TIMINGS, logRestEvents, restOptions, type RestTimings } from './rest-options';
import { errorForLog } from './safe-log';
import { handleCommand } from './slash-command';

export { mailconfigCommand } from './commands';
export { renderDiscord } from './render';
export { commandToInbound, messageToInbound, suggestionToInbound } from './inbound';
export { DISCORD_INTERACTIONS_PATH } from './http-interactions';

/** Timings, in milliseconds; tests shorten them. */
export interface DiscordTimings extends RestTimings, Pick<SingleHolderOptions, 'leaseMs' | 'renewEveryMs' | 'pollEveryMs'> {
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

/** The lease that elects the one replica holding the gateway session. */
export const GATEWAY_LEASE = 'discord-gateway';

export interface DiscordAdapterDeps extends AdapterDeps {
  config: DiscordConfig;
  timings?: Partial<DiscordTimings>;
}

/**
 * The Discord adapter: `/mailconfig` (with autocomplete), buttons, mentions and DMs. Slash
 * commands, buttons and autocomplete come over HTTP (POST /discord/interactions, with
 * DISCORD_PUBLIC_KEY) to whichever replica the load balancer picks, or through the gateway.
 * Mentions and DMs need the gateway, and Discord must not see two sessions of the bot at once:
 * one replica holds it, elected by a lease in the shared state (with memory state, this one).
 * It never registers commands (`npm run discord:register` does).
 */
export function createDiscordAdapter(deps: DiscordAdapterDeps): Adapter {
  const timings = { ...DEFAULT_TIMINGS, ...(deps.stopTimeoutMs ? { stopTimeoutMs: deps.stopTimeoutMs } : {}), ...deps.timings };
  const logger = deps.logger.child({ adapter: 'discord' });
  const rest = new REST(restOptions(deps.config.apiUrl, timings, logger)).setToken(deps.config.token);
  logRestEvents(rest, logger);
  const ctx: DiscordContext = {
    service: deps.service,
    logger,
    config: deps.config,
    rest,
    questions: new CommonQuestions(deps.service.translations),
    deferAfterMs: timings.deferAfterMs,
    labels: buttonLabels(deps.service),
    renderings: new RenderCache(),
  };
  if (deps.config.supportChannelId) deps.service.addSupportDesk(discordSupportDesk(ctx, deps.config.supportChannelId));

  let accepting = false;
  /** Interactions over HTTP are taken until answers in flight have drained: Discord does not retry a refused one. */
  let httpOpen = false;
  const inFlight = new InFlight();
  const track = (work: () => Promise<void>, what: string): Promise<void> =>
    // Handlers apologise for their own failures; what still escapes is a failed apology.
    inFlight.run(() => work().catch((error: unknown) => logger.error({ error: errorForLog(error) }, `${what}: the user could not be answered`)));

  const interact = (interaction: RawInteraction, channel: CallbackChannel): Promise<void> => {
    const responder = new InteractionResponder({ id: interaction.id, token: interaction.token, applicationId: deps.config.appId }, rest, channel);
    switch (interaction.type) {
      case INTERACTION.autocomplete:
        return track(() => handleAutocomplete(ctx, interaction, responder), 'autocomplete');
      case INTERACTION.command:
        return track(() => handleCommand(ctx, interaction, responder), 'slash command');
      case INTERACTION.component:
        return track(() => handleButton(ctx, interaction, responder), 'button');
      default:
        return Promise.resolve();
    }
  };

  const gateway = new GatewaySession({
    token: deps.config.token,
    apiUrl: deps.config.apiUrl,
    logger,
    timings,
    onInteraction: (interaction) => {
      if (accepting) void interact(interaction, restCallback(rest, interaction));
    },
    onMessage: (message, botUserId) => {
      if (accepting) void track(() => handleMessage(ctx, message, botUserId, gateway.guildLocale(message.guild_id)), 'message');
    },
  });
  const holder = deps.service.singleHolder(GATEWAY_LEASE, { start: () => gateway.connect(), stop: () => gateway.disconnect() }, timings);

  if (deps.config.publicKey) {
    registerInteractionsRoute({ http: deps.http, publicKey: deps.config.publicKey, logger, accepting: () => httpOpen, handle: interact });
  }

  return {
    name: 'discord',
    async start() {
      accepting = true;
      httpOpen = true;
      try {
        // This replica connects the gateway if it wins the lease; otherwise it still checks the token now, not at takeover.
        if (!(await holder.begin())) await rest.get(Routes.user()).catch((error: unknown) => Promise.reject(loginError(error, deps.config.apiUrl)));
      } catch (error) {
        accepting = false;
        httpOpen = false;
        await holder.end();
        throw error;
      }
      if (!holder.holds) logger.info({ lease: GATEWAY_LEASE }, 'another replica holds the Discord gateway; this one answers interactions over HTTP and takes over if it goes');
    },
    /**
     * Stops taking new gateway events, lets answers in flight finish (bounded; interactions
     * still arriving over HTTP meanwhile are answered too), then closes the gateway session and
     * gives the lease back, so another replica takes over at once.
     */
    async stop() {
      accepting = false;
      if (!(await inFlight.drain(timings.stopTimeoutMs))) logger.warn({ pending: inFlight.size }, 'stopping with answers still in flight');
      httpOpen = false;
      await holder.end();
    },
    /** Ready when holding a connected gateway session, or standing by for it (interactions come over HTTP meanwhile). */
    isReady() {
      return accepting && (!holder.holds || gateway.ready);
    },
  };
}
