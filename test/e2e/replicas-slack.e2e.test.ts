import { blockActions, directMessage, eventEnvelope, form, slashCommand } from '../adapters/slack/builders';
import { buttonsOf, visibleText } from '../adapters/slack/blocks';
import { FakeSlackSocket } from '../fakes/slack-socket';
import { FakeSlackWebApi } from '../fakes/slack-web-api';
import type { BotProcess } from './bot-process';
import { deliverSlack, health, postSlack, REDIS_PASSWORD, Replicas, SIGNING_SECRET, sleep, until } from './replicas';

/**
 * Two copies of the bot (real processes, `npm start`) sharing one real Redis, driven by
 * requests signed as Slack signs them, against one fake Slack Web API: conversations, limits,
 * Share and handoff work across replicas; nothing is answered twice or lost when a replica is
 * killed, restarted or Redis goes away.
 */
jest.setTimeout(90_000);

const api = new FakeSlackWebApi();
let replicas: Replicas;
let a: BotProcess;
let b: BotProcess;

const postsTo = (channel: string) => api.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);
const dm = (text: string, user: string, channel: string) => JSON.stringify(eventEnvelope(directMessage(text, { user, channel })));
const command = (text: string, user: string, channel = 'C1') => slashCommand({ text, user_id: user, channel_id: channel, response_url: api.responseUrl(`${user}-${channel}`) });

beforeAll(async () => {
  await api.start();
  api.behaviour.users = {};
  replicas = await Replicas.start({
    SLACK_BOT_TOKEN: api.behaviour.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: api.apiUrl,
    SLACK_SUPPORT_CHANNEL: 'CSUPPORT',
    RATE_LIMIT_MESSAGES: '4',
  });
  // One after the other: the first rebuilds dist/ when it is stale.
  a = await replicas.add();
  b = await replicas.add();
}, 60_000);

afterAll(async () => {
  await replicas?.close();
  await api.close();
  // Whatever happened, no replica ever wrote the Redis password.
  for (const replica of replicas?.running ?? []) {
    for (const form of [REDIS_PASSWORD, encodeURIComponent(REDIS_PASSWORD)]) expect(replica.stderr).not.toContain(form);
  }
});

test('both replicas say Redis is shared state and ok', async () => {
  for (const replica of [a, b]) expect(await health(replica)).toEqual({ status: 'ok', adapters: { slack: true }, state: 'ok' });
});

test('turn 1 to replica A, turn 2 to replica B: B continues the conversation', async () => {
  await postSlack(a, dm('imap port for alice@example.com?', 'UCONV', 'DCONV'));
  await until(() => postsTo('DCONV').length === 1);
  await postSlack(b, dm('and for POP?', 'UCONV', 'DCONV'));
  await until(() => postsTo('DCONV').length === 2);
  const second = visibleText(postsTo('DCONV')[1].args);
  expect(second).toContain('995');
  expect(second).toContain('mail.example.com');
});

test('web chat: a session begun on A continues on B, and "Talk to a human" sent to both posts one case', async () => {
  const post = async (replica: BotProcess, path: string, body: object) =>
    (await (await fetch(`${replica.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as { session: string; reply: object };
  const first = await post(a, '/chat/api/messages', { text: 'imap port for carol@example.org?' });
  expect(JSON.stringify(first.reply)).toContain('993');
  const second = await post(b, '/chat/api/messages', { session: first.session, text: 'and for POP?' });
  expect(second.session).toBe(first.session);
  expect(JSON.stringify(second.reply)).toContain('995');
  expect(JSON.stringify(second.reply)).toContain('mail.example.org');
  const before = postsTo('CSUPPORT').length;
  await Promise.all([a, b, a, b].map((replica) => post(replica, '/chat/api/handoff', { session: first.session, lang: 'en' })));
  await until(() => postsTo('CSUPPORT').length === before + 1);
  await sleep(300);
  const cases = postsTo('CSUPPORT').slice(before);
  expect(cases).toHaveLength(1);
  // The second question, asked on B, is in the case: the conversation is one across replicas.
  expect(String(cases[0].args.text)).toMatch(/Question 2 \(ports\).*and for POP/);
});

test("Slack's retry of an event to B, after A answered it, posts nothing", async () => {
  const body = dm('smtp port?', 'URETRY', 'DRETRY');
  expect((await postSlack(a, body)).status).toBe(200);
  await until(() => postsTo('DRETRY').length === 1);
  expect((await postSlack(b, body, 1)).status).toBe(200);
  expect((await postSlack(b, body, 2)).status).toBe(200);
  // A later message to B proves the retries had their chance to be (wrongly) answered.
  await postSlack(b, dm('imap port?', 'URETRY', 'DRETRY2'));
  await until(() => postsTo('DRETRY2').length === 1);
  await sleep(200);
  expect(postsTo('DRETRY')).toHaveLength(1);
});

test('the same slash command delivered to both replicas is answered once', async () => {
  const body = command('pop port?', 'UTWICE');
  const [first, copy] = await Promise.all([postSlack(a, body), postSlack(b, body)]);
  const texts = [await first.text(), await copy.text()];
  expect(texts.filter((t) => t.includes('995'))).toHaveLength(1);
  expect(texts.filter((t) => t === '')).toHaveLength(1);
});

test('the rate limit counts across both replicas: 4 answers, one notice, then silence', async () => {
  const answers: string[] = [];
  for (let i = 0; i < 6; i++) answers.push(await (await postSlack(i % 2 ? b : a, command('imap port?', 'URATE'))).text());
  expect(answers.slice(0, 4).every((t) => t.includes('993'))).toBe(true);
  expect(answers[4]).toContain('faster than I can answer');
  expect(answers[5]).toBe('');
});

test('Share in channel clicked on B, for an answer A rendered', async () => {
  const answer = (await (await postSlack(a, command('smtp port', 'USHARE', 'CSHARE'))).json()) as { blocks: unknown };
  const share = buttonsOf(answer).find((button) => button.actionId === 'mc_share')!;
  const click = blockActions(
    { action_id: 'mc_share', value: share.value },
    { user: { id: 'USHARE' }, container: { type: 'message', message_ts: '1.1', channel_id: 'CSHARE', is_ephemeral: true }, channel: { id: 'CSHARE' }, response_url: api.responseUrl('shared-by-b') },
  );
  const before = api.responseUrlPosts.length;
  expect((await postSlack(b, form(click))).status).toBe(200);
  await until(() => api.responseUrlPosts.slice(before).some((p) => p.id === 'shared-by-b' && p.body.response_type === 'in_channel'));
  const shared = api.responseUrlPosts.slice(before).find((p) => p.body.response_type === 'in_channel')!;
  expect(visibleText(shared.body)).toContain('465');
  expect(visibleText(shared.body)).toContain('Shared by <@USHARE>');
});

test('"Talk to a human" clicked four times on both replicas at once: one case', async () => {
  await postSlack(a, dm("my outlook can't send mail", 'UHELP', 'DHELP'));
  await until(() => postsTo('DHELP').length === 1);
  const handoff = buttonsOf(postsTo('DHELP')[0].args).find((button) => button.actionId === 'mc_handoff')!;
  const click = () =>
    form(blockActions({ action_id: 'mc_handoff', value: handoff.value }, { user: { id: 'UHELP' }, container: { type: 'message', message_ts: '7.7', channel_id: 'DHELP' }, channel: { id: 'DHELP' }, message: { ts: '7.7' } }));
  await Promise.all([a, b, a, b].map((replica) => postSlack(replica, click())));
  // Four confirmations to the user, one case for the support team.
  await until(() => postsTo('DHELP').length === 5);
  await sleep(200);
  expect(postsTo('CSUPPORT').filter((post) => String(post.args.text).includes('<@UHELP>'))).toHaveLength(1);
});

test('kill -9 of A mid-conversation: B continues it', async () => {
  await postSlack(a, dm('imap port for bob@example.org?', 'UKILL', 'DKILL'));
  await until(() => postsTo('DKILL').length === 1);
  a.child.kill('SIGKILL');
  await a.exited();
  await postSlack(b, dm('and for POP?', 'UKILL', 'DKILL'));
  await until(() => postsTo('DKILL').length === 2);
  expect(visibleText(postsTo('DKILL')[1].args)).toMatch(/995[\s\S]*mail\.example\.org/);
  a = await replicas.add();
});

/**
 * A stream of direct messages and slash commands, each sent to one replica and, when that one
 * cannot take it, to the other, as Slack and a load balancer do. Resolves to the channels of
 * the messages and the answers to the commands.
 */
async function load(tag: string, count: number, order: () => BotProcess[], during: (sent: number) => Promise<void>) {
  const channels: string[] = [];
  const commands: Array<Promise<string>> = [];
  const messages: Array<Promise<unknown>> = [];
  for (let i = 0; i < count; i++) {
    const channel = `D${tag}${i}`;
    channels.push(channel);
    messages.push(deliverSlack(order(), dm('imap port?', `U${tag}${i}`, channel)));
    if (i % 2 === 0) commands.push(deliverSlack(order(), command('smtp port?', `U${tag}C${i}`)).then(({ response }) => response.text()));
    await during(i);
    await sleep(20);
  }
  await Promise.all(messages);
  return { channels, answers: await Promise.all(commands) };
}

test('SIGTERM of A during load (a rolling restart): every message answered once, every command answered', async () => {
  let turn = 0;
  const { channels, answers } = await load('ROLL', 60, () => (turn++ % 2 ? [a, b] : [b, a]), async (sent) => {
    if (sent === 20) a.child.kill('SIGTERM');
  });
  expect(await a.exited()).toBe(0);
  await until(() => channels.every((channel) => postsTo(channel).length >= 1), 15_000, 'an answer to every message');
  await sleep(300);
  expect(channels.filter((channel) => postsTo(channel).length !== 1)).toEqual([]);
  expect(answers.filter((text) => !text.includes('465'))).toEqual([]);
  a = await replicas.add();
});

test('Redis stopped mid-load, then restarted: no crash, no lost reply, /healthz degraded then ok', async () => {
  let turn = 0;
  const degraded: string[] = [];
  const { channels, answers } = await load('OUT', 50, () => (turn++ % 2 ? [a, b] : [b, a]), async (sent) => {
    if (sent === 15) await replicas.redis.kill();
    if (sent === 25) {
      for (const replica of [a, b]) {
        await until(async () => (await health(replica)).status === 'degraded', 5000, 'degraded health');
        const body = await health(replica);
        degraded.push(`${body.status}/${body.state}`);
      }
    }
    if (sent === 35) await replicas.redis.start();
  });
  expect(degraded).toEqual(['degraded/degraded', 'degraded/degraded']);
  await until(() => channels.every((channel) => postsTo(channel).length >= 1), 15_000, 'an answer to every message');
  await sleep(300);
  expect(channels.filter((channel) => postsTo(channel).length !== 1)).toEqual([]);
  expect(answers.filter((text) => !text.includes('465'))).toEqual([]);
  for (const replica of [a, b]) {
    await until(async () => (await health(replica)).status === 'ok', 15_000, 'ok health once Redis is back');
    expect(replica.child.exitCode).toBeNull();
    // One warning for the outage, one info when it ended; the metrics say so too.
    expect(replica.logs.filter((line) => line.event === 'state_degraded')).toHaveLength(1);
    expect(replica.logs.filter((line) => line.event === 'state_restored')).toHaveLength(1);
    const metrics = await (await fetch(`${replica.base}/metrics`)).text();
    expect(metrics).toMatch(/^mailconfig_state_outages_total 1$/m);
    expect(metrics).toMatch(/^mailconfig_state_degraded 0$/m);
  }
  // Shared again: a conversation started on one continues on the other.
  await postSlack(a, dm('imap port for carol@example.net?', 'UAFTER', 'DAFTER'));
  await until(() => postsTo('DAFTER').length === 1);
  await postSlack(b, dm('and for POP?', 'UAFTER', 'DAFTER'));
  await until(() => postsTo('DAFTER').length === 2);
  expect(visibleText(postsTo('DAFTER')[1].args)).toContain('mail.example.net');
});

describe('Socket Mode, one connection per replica', () => {
  const socket = new FakeSlackSocket();
  let socketReplicas: Replicas;

  beforeAll(async () => {
    await socket.start();
    api.behaviour.socketUrl = socket.url;
    socketReplicas = await Replicas.start({ SLACK_BOT_TOKEN: api.behaviour.botToken, SLACK_APP_TOKEN: api.behaviour.appToken!, SLACK_API_URL: api.apiUrl });
    await socketReplicas.add();
    await socketReplicas.add();
    await until(() => socket.clients.length === 2, 20_000, 'two Socket Mode connections');
  }, 60_000);

  afterAll(async () => {
    await socketReplicas?.close();
    await socket.close();
  });

  test('an event Slack delivers on both connections, and again as a retry, is answered once', async () => {
    const payload = eventEnvelope(directMessage('pop port?', { user: 'USOCK', channel: 'DSOCK' }));
    const acks = [socket.send('events_api', payload, socket.clients[0]), socket.send('events_api', payload, socket.clients[1]), socket.send('events_api', payload, socket.clients[0], 1)];
    for (const envelope of acks) await socket.ackOf(envelope);
    await until(() => postsTo('DSOCK').length === 1);
    socket.send('events_api', eventEnvelope(directMessage('imap port?', { user: 'USOCK', channel: 'DSOCK2' })), socket.clients[1]);
    await until(() => postsTo('DSOCK2').length === 1);
    await sleep(200);
    expect(postsTo('DSOCK')).toHaveLength(1);
    expect(visibleText(postsTo('DSOCK')[0].args)).toContain('995');
  });
});
