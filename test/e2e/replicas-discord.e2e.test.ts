import { guild, messageCreate, slashCommand, WORLD } from '../adapters/discord/builders';
import { visibleText } from '../adapters/discord/harness';
import { applicationKeys, discordSignatureHeaders } from '../adapters/discord/signed-requests';
import { FakeDiscordGateway } from '../fakes/discord-gateway';
import { FakeDiscordRest } from '../fakes/discord-rest';
import type { BotProcess } from './bot-process';
import { health, REDIS_PASSWORD, Replicas, sleep, until } from './replicas';

/**
 * Discord with several replicas (real processes sharing one real Redis) against a fake
 * Discord: interactions come signed over HTTP to any replica; the gateway session is held by
 * exactly one, and moves to another when it dies or stops, never two at once.
 */
jest.setTimeout(90_000);

const keys = applicationKeys();
let gateway: FakeDiscordGateway | undefined;
const rest = new FakeDiscordRest({ token: WORLD.token, appId: WORLD.appId, botUser: WORLD.bot, gatewayUrl: () => gateway!.url });
gateway = new FakeDiscordGateway({ token: WORLD.token, appId: WORLD.appId, botUser: WORLD.bot, guilds: [guild()], heartbeatIntervalMs: 500 });
let replicas: Replicas;
let a: BotProcess;
let b: BotProcess;

function interact(replica: BotProcess, payload: unknown, headers?: Record<string, string>): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(`${replica.base}/discord/interactions`, { method: 'POST', headers: { 'content-type': 'application/json', ...(headers ?? discordSignatureHeaders(keys.privateKey, body)) }, body });
}

const answeredBy = (replica: BotProcess) => replica.logs.filter((line) => line.msg === 'message answered' && line.platform === 'discord').length;

beforeAll(async () => {
  await Promise.all([rest.start(), gateway!.start()]);
  replicas = await Replicas.start({ DISCORD_TOKEN: WORLD.token, DISCORD_APP_ID: WORLD.appId, DISCORD_API_URL: rest.url, DISCORD_PUBLIC_KEY: keys.publicKeyHex });
  a = await replicas.add();
  await until(() => gateway!.connected, 20_000, 'the first replica on the gateway');
  b = await replicas.add();
}, 60_000);

afterAll(async () => {
  await replicas?.close();
  await Promise.all([rest.close(), gateway!.close()]);
  for (const replica of replicas?.running ?? []) expect(replica.stderr).not.toContain(REDIS_PASSWORD);
});

test('one gateway session for two replicas; both healthy (one holding it, one standing by)', async () => {
  await sleep(1500);
  expect([gateway!.liveSessions, gateway!.identifies.length]).toEqual([1, 1]);
  for (const replica of [a, b]) expect(await health(replica)).toEqual({ status: 'ok', adapters: { discord: true }, state: 'ok' });
  expect(b.logs.some((line) => /another replica holds the Discord gateway/.test(String(line.msg)))).toBe(true);
});

test('Ed25519 on the real process: valid answered by either replica; forged, stale and missing get 401', async () => {
  for (const replica of [a, b]) {
    const res = await interact(replica, slashCommand({ question: 'imap port?' }));
    expect(res.status).toBe(200);
    expect(visibleText(await res.json())).toContain('993');
  }
  const payload = slashCommand({ question: 'imap port?' });
  const body = JSON.stringify(payload);
  const forged = discordSignatureHeaders(applicationKeys().privateKey, body);
  const stale = discordSignatureHeaders(keys.privateKey, body, Math.floor(Date.now() / 1000) - 3600);
  for (const headers of [forged, stale, {}]) expect((await interact(b, payload, headers)).status).toBe(401);
});

test('a conversation started with A over HTTP continues with B', async () => {
  const first = await interact(a, slashCommand({ question: 'imap port for alice@example.com?' }));
  expect(visibleText(await first.json())).toContain('mail.example.com');
  const second = await interact(b, slashCommand({ question: 'and for POP?' }));
  const text = visibleText(await second.json());
  expect(text).toContain('995');
  expect(text).toContain('mail.example.com');
});

test('a mention through the gateway is answered once, by the holder', async () => {
  const message = messageCreate(`<@${WORLD.bot.id}> what is the smtp port?`);
  const before = [answeredBy(a), answeredBy(b)];
  const since = rest.calls.length;
  gateway!.dispatch('MESSAGE_CREATE', message);
  const reply = await rest.waitFor((c) => c.method === 'POST' && c.path === `/channels/${message.channel_id}/messages`, since);
  expect(reply.body.message_reference.message_id).toBe(message.id);
  await sleep(300);
  expect(rest.created.filter((m) => m.body?.message_reference?.message_id === message.id)).toHaveLength(1);
  expect([answeredBy(a) - before[0], answeredBy(b) - before[1]]).toEqual([1, 0]);
});

test('kill -9 of the holder: the gateway moves to the other replica within 15 s, never two sessions at once', async () => {
  a.child.kill('SIGKILL');
  await a.exited();
  const killed = Date.now();
  await until(() => gateway!.identifies.length === 2 && gateway!.connected, 20_000, 'the other replica on the gateway');
  expect(Date.now() - killed).toBeLessThan(15_000);
  expect(gateway!.mostLiveAtOnce).toBe(1);
  const message = messageCreate(`<@${WORLD.bot.id}> imap port?`, { guildId: null });
  const before = answeredBy(b);
  const since = rest.calls.length;
  gateway!.dispatch('MESSAGE_CREATE', message);
  await rest.waitFor((c) => c.method === 'POST' && c.path === `/channels/${message.channel_id}/messages`, since, 6000);
  await sleep(200);
  expect(answeredBy(b) - before).toBe(1);
});

test('SIGTERM of the holder (a rolling restart): it lets go at once, the standby takes over in seconds', async () => {
  const c = await replicas.add();
  await sleep(1500);
  b.child.kill('SIGTERM');
  const stopped = Date.now();
  expect(await b.exited()).toBe(0);
  await until(() => gateway!.identifies.length === 3 && gateway!.connected, 15_000, 'the standby on the gateway');
  expect(Date.now() - stopped).toBeLessThan(5000);
  expect(gateway!.mostLiveAtOnce).toBe(1);
  expect(await health(c)).toEqual({ status: 'ok', adapters: { discord: true }, state: 'ok' });
});
