import { GatewayIntentBits } from 'discord.js';
import { createDiscordAdapter } from '../../../src/adapters/discord';
import type { HttpServer } from '../../../src/http/server';
import { createLogger, silentLogger } from '../../../src/logger';
import { PassThrough } from 'node:stream';
import { FakeDiscordGateway } from '../../fakes/discord-gateway';
import { FakeDiscordRest } from '../../fakes/discord-rest';
import { createTestService } from '../../helpers/bot';
import { guild, slashCommand, WORLD } from './builders';
import { callbackOf, startHarness } from './harness';
import { failOnUnhandledRejections } from './guards';

failOnUnhandledRejections();

/** Connecting, what the bot asks the gateway for, stopping, and a rejected token. */

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('connects with the three non-privileged intents, plain JSON, and keeps the heartbeat', async () => {
  const h = await startHarness();
  try {
    expect(h.adapter.isReady()).toBe(true);
    const [identify] = h.gateway.identifies;
    expect(identify.intents).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.DirectMessages);
    expect(identify.intents & GatewayIntentBits.MessageContent).toBe(0);
    expect(identify.compress).toBe(false);
    const query = h.gateway.connectionQueries[0];
    expect([query.get('v'), query.get('encoding'), query.get('compress')]).toEqual(['10', 'json', null]);
    // The gateway address came from GET /gateway/bot on DISCORD_API_URL; commands were not registered.
    expect(h.rest.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /gateway/bot']);
    await until(() => h.gateway.heartbeats > 0);
  } finally {
    await h.close();
  }
});

test('stop() lets an answer in flight finish, takes no new ones meanwhile, then disconnects', async () => {
  const h = await startHarness();
  const handle = h.service.handle.bind(h.service);
  const spy = jest.spyOn(h.service, 'handle').mockImplementationOnce(async (message) => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return handle(message);
  });
  const inFlight = slashCommand({ question: 'port imap ?' }, { locale: 'fr' });
  h.gateway.dispatch('INTERACTION_CREATE', inFlight);
  await until(() => spy.mock.calls.length > 0);
  const stopping = h.adapter.stop();
  expect(h.adapter.isReady()).toBe(false);
  // Still connected while the answer in flight finishes, but no longer taking new work.
  const late = slashCommand({ question: 'port smtp ?' }, { locale: 'fr' });
  h.gateway.dispatch('INTERACTION_CREATE', late);
  await stopping;
  expect(h.rest.calls.some(callbackOf(inFlight))).toBe(true);
  expect(h.rest.calls.some(callbackOf(late))).toBe(false);
  await until(() => !h.gateway.connected);
  await h.close();
});

test('a rejected token (401 on GET /gateway/bot) is a clear start-up error naming DISCORD_TOKEN, without retrying', async () => {
  const badToken = 'bad-token.Zm9vYmFy';
  const rest = new FakeDiscordRest({ token: WORLD.token, appId: WORLD.appId, botUser: WORLD.bot, gatewayUrl: () => gateway.url });
  const gateway = new FakeDiscordGateway({ token: WORLD.token, appId: WORLD.appId, botUser: WORLD.bot, guilds: [guild()] });
  await Promise.all([rest.start(), gateway.start()]);
  try {
    const adapter = createDiscordAdapter({
      service: createTestService(),
      logger: silentLogger(),
      http: undefined as unknown as HttpServer,
      config: { token: badToken, appId: WORLD.appId, apiUrl: rest.url },
    });
    const started = Date.now();
    const error: Error = await adapter.start().then(
      () => {
        throw new Error('start() should have failed');
      },
      (e: Error) => e,
    );
    expect(error.message).toMatch(/^Discord rejected DISCORD_TOKEN \(401 Unauthorized\)/);
    expect(error.message).not.toContain(badToken);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(rest.calls.filter((c) => c.path === '/gateway/bot')).toHaveLength(1);
    expect(rest.calls[0].authorization).toBe(`Bot ${badToken}`);
    expect(gateway.identifies).toEqual([]);
    expect(adapter.isReady()).toBe(false);
  } finally {
    await Promise.all([rest.close(), gateway.close()]);
  }
});

test('a token the gateway refuses (close code 4004) is the same clear error', async () => {
  const badToken = 'refused-by-gateway.YmFy';
  // This REST API accepts the token; only the gateway refuses it.
  const rest = new FakeDiscordRest({ token: badToken, appId: WORLD.appId, botUser: WORLD.bot, gatewayUrl: () => gateway.url });
  const gateway = new FakeDiscordGateway({ token: WORLD.token, appId: WORLD.appId, botUser: WORLD.bot, guilds: [guild()] });
  await Promise.all([rest.start(), gateway.start()]);
  try {
    const adapter = createDiscordAdapter({
      service: createTestService(),
      logger: silentLogger(),
      http: undefined as unknown as HttpServer,
      config: { token: badToken, appId: WORLD.appId, apiUrl: rest.url },
      timings: { connectTimeoutMs: 3000 },
    });
    await expect(adapter.start()).rejects.toThrow(/^Discord rejected DISCORD_TOKEN/);
    expect(gateway.identifies).toEqual([]);
  } finally {
    await Promise.all([rest.close(), gateway.close()]);
  }
});

test('the token never appears in the logs, even at trace level and on errors', async () => {
  const sink = new PassThrough();
  const lines: string[] = [];
  sink.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  const h = await startHarness({ logger: createLogger('trace', sink) });
  const command = slashCommand({ question: 'port imap ?' }, { locale: 'fr' });
  h.rest.failNext(callbackOf(command));
  h.gateway.dispatch('INTERACTION_CREATE', command);
  await h.rest.waitFor((c) => callbackOf(command)(c) && Boolean(c.body?.data?.content));
  await h.close();
  const logs = lines.join('');
  expect(logs).toContain('connected to Discord');
  expect(logs).toContain('answering a slash command failed');
  expect(logs).not.toContain(WORLD.token);
});
