import { createLogger } from '../../../src/logger';
import { snowflake } from '../../fakes/discord-ids';
import { messageBody, sendsMessage, succeeded, type RestCall } from '../../fakes/discord-rest';
import { messageLimitViolations } from '../../fakes/discord-limits';
import { LogCapture } from '../../helpers/log-capture';
import { buttonClick, messageCreate, slashCommand, WORLD } from './builders';
import { failOnUnhandledRejections } from './guards';
import { buttonsOf, callbackOf, startHarness, type Harness } from './harness';

/**
 * What people send in a public server, through the real discord.js client: mentions of
 * everyone, roles, users and channels, markdown, invisible and right-to-left marks, lone
 * surrogates, 10 kB of text. Every one is answered; every message the bot sends turns no
 * mention into a ping (`allowed_mentions` with an empty `parse`) and stays within Discord's
 * limits (the fake REST API refuses, as Discord does, what exceeds them); nothing throws.
 */

failOnUnhandledRejections();

const ROLE = '<@&123456789012345678>';
const HOSTILE: Array<[string, string]> = [
  ['@everyone', '@everyone what is the imap port?'],
  ['@here', '@here @here smtp port'],
  ['a role mention', `${ROLE} ${ROLE} port smtp ?`],
  ['a user mention', `<@${WORLD.alice.id}> <@!${WORLD.alice.id}> pop3 port?`],
  ['a channel mention', `<#${WORLD.channelId}> imap server?`],
  ['markdown', '**bold** __under__ ~~strike~~ ||spoiler|| `code` ```js\nx``` > quote\n# Heading\n- item [link](https://evil.example) smtp?'],
  ['zero-width and right-to-left marks', '\u200b\u200c\u200d\u2060\ufeff imap\u200b port \u202e?tropp pami\u202c \u200f\u200e\u2066x\u2069'],
  ['lone surrogates', '\ud800 smtp \udfff port \ud83d'],
  ['10 kB of text', `what is the imap port? ${'x'.repeat(10 * 1024)}`],
  ['10 kB of words', 'imap port '.repeat(1024)],
  ['an address made of mentions', 'setup file for @everyone@example.com <@&1>@x.org'],
  ['everything at once', `@everyone ${ROLE} <@${WORLD.alice.id}> **\u202e\ud800** ${'é'.repeat(3000)} 😀`],
];

let h: Harness;
const logs = new LogCapture();
beforeAll(async () => {
  h = await startHarness({ logger: createLogger('info', logs) });
});
afterAll(async () => {
  await h?.close();
});

const from = () => ({ id: snowflake(), username: 'troll' });
const repliesTo = (id: string) => (c: RestCall) => c.body?.message_reference?.message_id === id;

/** Asserts what every message-sending call since `since` must hold. */
function expectSafe(calls: RestCall[]): void {
  const sent = calls.filter(sendsMessage);
  expect(sent.length).toBeGreaterThan(0);
  for (const call of sent) {
    const body = messageBody(call);
    expect({ path: call.path, allowed: body.allowed_mentions }).toEqual({ path: call.path, allowed: expect.objectContaining({ parse: [] }) });
    if ('replied_user' in body.allowed_mentions) expect(body.allowed_mentions.replied_user).toBe(false);
    expect(messageLimitViolations(body)).toEqual([]);
    expect({ path: call.path, status: call.status }).toEqual({ path: call.path, status: expect.any(Number) });
    expect(succeeded(call)).toBe(true);
  }
}

describe.each(HOSTILE)('%s', (_, text) => {
  test('as the question of /mailconfig (also in the email option): answered safely', async () => {
    const since = h.rest.calls.length;
    const command = slashCommand({ question: text, email: text.slice(0, 254) }, { locale: 'en-US', from: from() });
    const call = await h.interact(command);
    expect(call.body.type).toBe(4);
    expectSafe(h.rest.calls.slice(since));
    // Its buttons are within limits too, and clicking the first one is answered safely.
    const first = buttonsOf(call.body)[0];
    if (first) {
      const clickSince = h.rest.calls.length;
      await h.interact(buttonClick(first.custom_id, { flags: 64 }, { locale: 'en-US' }));
      expectSafe(h.rest.calls.slice(clickSince));
    }
  });

  test('as a mention in a channel and as a DM: each answered with a safe reply', async () => {
    const since = h.rest.calls.length;
    const mention = messageCreate(`<@${WORLD.bot.id}> ${text}`, { mentions: [WORLD.bot], author: from() });
    const dm = messageCreate(text, { guildId: null, channelId: snowflake(), author: from() });
    h.gateway.dispatch('MESSAGE_CREATE', mention);
    h.gateway.dispatch('MESSAGE_CREATE', dm);
    await Promise.all([h.rest.waitFor(repliesTo(mention.id), since), h.rest.waitFor(repliesTo(dm.id), since)]);
    expectSafe(h.rest.calls.slice(since));
  });
});

test('forged button ids and oversized interaction data are answered, never thrown on', async () => {
  const since = h.rest.calls.length;
  const forged = ['ask:u:' + 'x'.repeat(200), 'ask:u:mc1|zz|@everyone', 'human:c:extra', '\ud800', 'ask:c:mc1|en|ports|c=<@&1>', ''.padEnd(100, '\u202e')];
  const clicks = forged.map((id) => buttonClick(id, { flags: 64 }, { locale: 'fr', from: from() }));
  for (const click of clicks) h.gateway.dispatch('INTERACTION_CREATE', click);
  await Promise.all(clicks.map((click) => h.rest.waitFor(callbackOf(click), since)));
  expectSafe(h.rest.calls.slice(since));
});

test('no error was logged, and no user text reached the logs', () => {
  expect(logs.lines.filter((l) => (l.level as number) >= 50)).toEqual([]);
  expect(logs.raw).not.toContain('x'.repeat(100));
  expect(logs.raw).not.toContain('@everyone');
});
