import type { Adapter } from '../../../src/adapters/adapter';
import { createDiscordAdapter, type DiscordTimings } from '../../../src/adapters/discord';
import type { DiscordConfig } from '../../../src/config';
import type { Bot } from '../../../src/core/bot';
import type { InboundMessage, Reply } from '../../../src/core';
import { HttpServer } from '../../../src/http/server';
import { silentLogger, type Logger } from '../../../src/logger';
import { ConversationService, type ConversationServiceOptions } from '../../../src/service';
import { FakeDiscordGateway, type FakeGatewayOptions } from '../../fakes/discord-gateway';
import { FakeDiscordRest, type RestCall } from '../../fakes/discord-rest';
import { createTestBot } from '../../helpers/bot';
import { guild, WORLD } from './builders';

/** Fake Discord (REST + gateway) on 127.0.0.1 and the real adapter, with the real discord.js client, connected to it. */
export interface Harness {
  rest: FakeDiscordRest;
  gateway: FakeDiscordGateway;
  bot: Bot;
  service: ConversationService;
  adapter: Adapter;
  /** The bot's HTTP server (with DISCORD_PUBLIC_KEY set in `config`): its base URL. */
  httpBase?: string;
  /** Dispatches an event and returns the first REST call matching `match` that it caused. */
  send(type: 'INTERACTION_CREATE' | 'MESSAGE_CREATE', data: unknown, match: (call: RestCall) => boolean): Promise<RestCall>;
  /** Dispatches an interaction and returns its callback (POST /interactions/{id}/{token}/callback). */
  interact(data: { id: string; token: string }): Promise<RestCall>;
  close(): Promise<void>;
}

export const callbackOf = (data: { id: string; token: string }) => (call: RestCall) =>
  call.method === 'POST' && call.path === `/interactions/${data.id}/${data.token}/callback`;

export const webhookOf = (data: { token: string }, method: 'PATCH' | 'POST') => (call: RestCall) =>
  call.method === method && call.path.startsWith(`/webhooks/${WORLD.appId}/${data.token}`);

export interface HarnessOptions {
  config?: Partial<DiscordConfig>;
  timings?: Partial<DiscordTimings>;
  bot?: Bot;
  logger?: Logger;
  /** Options of the conversation service as the app sets them (rate limit, message text in the log line). */
  service?: Partial<ConversationServiceOptions>;
  /** A stand-in for the service's answer, given the real one (a slow answer, a fixed one for some messages). */
  answer?: (handle: (message: InboundMessage) => Promise<Reply | null>) => (message: InboundMessage) => Promise<Reply | null>;
  gateway?: Partial<FakeGatewayOptions>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  let gateway: FakeDiscordGateway | undefined;
  const rest = new FakeDiscordRest({ token: WORLD.token, appId: WORLD.appId, botUser: WORLD.bot, gatewayUrl: () => gateway!.url });
  gateway = new FakeDiscordGateway({ token: WORLD.token, appId: WORLD.appId, botUser: WORLD.bot, guilds: [guild()], heartbeatIntervalMs: 250, ...options.gateway });
  await Promise.all([rest.start(), gateway.start()]);
  const bot = options.bot ?? createTestBot();
  const logger = options.logger ?? silentLogger();
  const service = new ConversationService({ bot, logger, ...options.service });
  if (options.answer) service.handle = options.answer(service.handle.bind(service));
  // The Discord adapter adds a route only for interactions over HTTP (DISCORD_PUBLIC_KEY).
  const http = options.config?.publicKey ? new HttpServer(logger) : undefined;
  const adapter = createDiscordAdapter({
    service,
    logger,
    http: http as HttpServer,
    config: { token: WORLD.token, appId: WORLD.appId, apiUrl: rest.url, supportChannelId: WORLD.supportChannelId, ...options.config },
    timings: { deferAfterMs: 1000, stopTimeoutMs: 2000, connectTimeoutMs: 5000, waitGuildTimeoutMs: 1000, ...options.timings },
  });
  await adapter.start();
  const httpBase = http ? `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}` : undefined;
  const g = gateway;
  const send: Harness['send'] = (type, data, match) => {
    const since = rest.calls.length;
    g.dispatch(type, data);
    return rest.waitFor(match, since);
  };
  return {
    rest,
    gateway: g,
    bot,
    service,
    adapter,
    httpBase,
    send,
    interact: (data) => send('INTERACTION_CREATE', data, callbackOf(data)),
    async close() {
      await adapter.stop();
      await http?.close();
      await Promise.all([rest.close(), g.close()]);
    },
  };
}

/** Everything a user reads in a message body: content, embed titles, descriptions and fields. */
export function visibleText(body: any): string {
  const data = body?.data ?? body ?? {};
  const embeds: any[] = data.embeds ?? [];
  return [
    data.content ?? '',
    ...embeds.flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f: any) => [f.name, f.value])]),
  ].join('\n');
}

/** The buttons of a message body, flattened: [{ custom_id, label }]. */
export function buttonsOf(body: any): Array<{ custom_id: string; label: string; style: number }> {
  const data = body?.data ?? body ?? {};
  return (data.components ?? []).flatMap((row: any) => row.components);
}
