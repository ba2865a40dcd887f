import { FakeDiscordGateway } from '../fakes/discord-gateway';
import { FakeDiscordRest, messageBody, type RestCall } from '../fakes/discord-rest';
import { guild, messageCreate, slashCommand, WORLD } from '../adapters/discord/builders';
import { BotProcess } from './bot-process';

/** The bot started as an operator would (`npm start` and environment variables) against a fake Discord. */
describe('npm start with Discord configured', () => {
  let gateway: FakeDiscordGateway | undefined;
  const rest = new FakeDiscordRest({ token: WORLD.token, appId: WORLD.appId, botUser: WORLD.bot, gatewayUrl: () => gateway!.url });
  gateway = new FakeDiscordGateway({ token: WORLD.token, appId: WORLD.appId, botUser: WORLD.bot, guilds: [guild()], heartbeatIntervalMs: 500 });
  let bot: BotProcess;

  const dispatch = (type: 'INTERACTION_CREATE' | 'MESSAGE_CREATE', data: unknown, match: (call: RestCall) => boolean) => {
    const since = rest.calls.length;
    gateway!.dispatch(type, data);
    return rest.waitFor(match, since);
  };
  const text = (call: RestCall) => JSON.stringify(messageBody(call));

  beforeAll(async () => {
    await Promise.all([rest.start(), gateway!.start()]);
    bot = new BotProcess({ DISCORD_TOKEN: WORLD.token, DISCORD_APP_ID: WORLD.appId, DISCORD_API_URL: rest.url, PORT: '0', LOG_LEVEL: 'info' });
    await bot.ready();
    // Connected when health says so.
    for (let i = 0; i < 100; i++) {
      const health = (await (await fetch(`${bot.base}/healthz`)).json()) as { adapters: Record<string, boolean> };
      if (health.adapters.discord) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 30_000);

  afterAll(async () => {
    if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    await Promise.all([rest.close(), gateway!.close()]);
  });

  test('answers /mailconfig in French for a French user, privately, pinging nobody', async () => {
    const interaction = slashCommand({ question: 'quel est le port smtp ?' }, { locale: 'fr' });
    const call = await dispatch('INTERACTION_CREATE', interaction, (c) => c.method === 'POST' && c.path.includes(`/interactions/${interaction.id}/`));
    expect(call.body.type).toBe(4);
    expect(call.body.data.flags & 64).toBe(64);
    expect(call.body.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(text(call)).toContain('465');
    expect(text(call)).toContain('(SMTP)');
  });

  test('answers a mention with a reply to that message', async () => {
    const message = messageCreate(`<@${WORLD.bot.id}> what is the imap port?`);
    const call = await dispatch('MESSAGE_CREATE', message, (c) => c.method === 'POST' && c.path === `/channels/${message.channel_id}/messages`);
    expect(call.body.message_reference.message_id).toBe(message.id);
    expect(text(call)).toContain('993');
    expect(call.body.allowed_mentions.parse).toEqual([]);
  });

  test('health says Discord is connected', async () => {
    expect(await (await fetch(`${bot.base}/healthz`)).json()).toEqual({ status: 'ok', adapters: { discord: true } });
  });

  test('SIGTERM: exits 0 within 10 seconds; the token never reached the logs', async () => {
    const t0 = Date.now();
    bot.child.kill('SIGTERM');
    expect(await bot.exited()).toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(bot.stderr).not.toContain(WORLD.token);
    expect(bot.logs.filter((l) => l.msg === 'message answered' && l.platform === 'discord').length).toBeGreaterThanOrEqual(2);
  });
});
