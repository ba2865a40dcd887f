import { registerCommands, run } from '../../../src/tools/discord-register';
import { FakeDiscordRest } from '../../fakes/discord-rest';
import { snowflake } from '../../fakes/discord-ids';
import { sharedTranslations } from '../../helpers/bot';
import { WORLD } from './builders';

/** `npm run discord:register` against the fake REST API on 127.0.0.1. */

let rest: FakeDiscordRest;
beforeAll(async () => {
  rest = new FakeDiscordRest({ token: WORLD.token, appId: WORLD.appId, botUser: WORLD.bot, gatewayUrl: () => 'ws://127.0.0.1:1' });
  await rest.start();
});
afterAll(async () => {
  await rest.close();
});

const config = () => ({ token: WORLD.token, appId: WORLD.appId, apiUrl: rest.url });

test('registers /mailconfig globally with one bulk overwrite, and says what it registered', async () => {
  const since = rest.calls.length;
  const report = await registerCommands(config(), sharedTranslations());
  const calls = rest.calls.slice(since);
  expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([`PUT /applications/${WORLD.appId}/commands`]);
  expect(calls[0].authorization).toBe(`Bot ${WORLD.token}`);
  const [command] = calls[0].body;
  expect(calls[0].body).toHaveLength(1);
  expect(command).toMatchObject({ name: 'mailconfig', name_localizations: { fr: 'configmail' } });
  expect(report).toBe(
    `Registered 1 command for application ${WORLD.appId} globally (Discord may take a few minutes to show it everywhere):\n` +
      '  /mailconfig (fr: /configmail), options: question, client, email, public\n\n' +
      'Interactions come through the gateway. To let every replica answer them over HTTP, set DISCORD_PUBLIC_KEY (General Information › Public Key) and see the README, "Interactions over HTTP".',
  );
  expect(report).not.toContain(WORLD.token);
});

test('with DISCORD_PUBLIC_KEY: says where to point the Interactions Endpoint URL', async () => {
  const report = await registerCommands({ ...config(), publicKey: 'ab'.repeat(32) }, sharedTranslations());
  expect(report).toContain('Interactions Endpoint URL');
  expect(report).toContain('https://<your host>/discord/interactions');
  expect(report).not.toContain('ab'.repeat(32));
});

test('running it again sends exactly the same overwrite (idempotent)', async () => {
  const since = rest.calls.length;
  await registerCommands(config(), sharedTranslations());
  await registerCommands(config(), sharedTranslations());
  const [first, second] = rest.calls.slice(since);
  expect(second.body).toEqual(first.body);
});

test('with DISCORD_GUILD_ID: registers in that server only', async () => {
  const guildId = snowflake();
  const since = rest.calls.length;
  const report = await registerCommands({ ...config(), guildId }, sharedTranslations());
  expect(rest.calls.slice(since).map((c) => `${c.method} ${c.path}`)).toEqual([`PUT /applications/${WORLD.appId}/guilds/${guildId}/commands`]);
  expect(report).toContain(`in server ${guildId} (available now)`);
});

test('a rejected token or an unknown application is a clear error', async () => {
  await expect(registerCommands({ ...config(), token: 'wrong.token' }, sharedTranslations())).rejects.toThrow(
    /^Registering the Discord commands failed: Discord rejected DISCORD_TOKEN \(401\)/,
  );
  const otherApp = snowflake();
  await expect(registerCommands({ ...config(), appId: otherApp }, sharedTranslations())).rejects.toThrow(`not found (404). Check DISCORD_APP_ID=${otherApp}`);
});

describe('the npm script entry point', () => {
  const saved = { ...process.env };
  let out: string[];
  let err: string[];
  beforeEach(() => {
    out = [];
    err = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  });
  // Empty values hide any DISCORD_* from a developer's .env file (the environment wins over it),
  // so these tests can only ever talk to the fake API on 127.0.0.1.
  const isolated = { DISCORD_GUILD_ID: '', DISCORD_SUPPORT_CHANNEL_ID: '' };
  afterEach(() => {
    jest.restoreAllMocks();
    process.env = { ...saved };
    process.exitCode = undefined;
  });

  test('reads DISCORD_* from the environment, prints the report, exits 0', async () => {
    Object.assign(process.env, isolated, { DISCORD_TOKEN: WORLD.token, DISCORD_APP_ID: WORLD.appId, DISCORD_API_URL: rest.url });
    await run();
    expect(process.exitCode).toBeUndefined();
    expect(out.join('')).toMatch(/^Registered 1 command/);
  });

  test('fails with a non-zero exit code and the reason on standard error', async () => {
    Object.assign(process.env, isolated, { DISCORD_TOKEN: 'wrong.token', DISCORD_APP_ID: WORLD.appId, DISCORD_API_URL: rest.url });
    await run();
    expect(process.exitCode).toBe(1);
    expect(err.join('')).toMatch(/DISCORD_TOKEN/);
    expect(err.join('')).not.toContain('wrong.token');
  });

  test('without Discord settings, says which variables to set', async () => {
    Object.assign(process.env, isolated, { DISCORD_TOKEN: '', DISCORD_APP_ID: '', DISCORD_API_URL: '' });
    await run();
    expect(process.exitCode).toBe(1);
    expect(err.join('')).toMatch(/set DISCORD_TOKEN and DISCORD_APP_ID/);
  });
});
