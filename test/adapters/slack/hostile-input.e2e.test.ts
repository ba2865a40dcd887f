import type { SlackAdapter } from '../../../src/adapters/slack/slack-adapter';
import { blockActions, directMessage, eventEnvelope, form, mention, slashCommand } from './builders';
import { blockKitProblems, buttonsOf, mentionsIn, visibleText } from './blocks';
import { expectNoSecrets, failOnUnhandledRejections } from './guards';
import { SIGNING_SECRET, startHttpHarness, type HttpHarness } from './harness';

/**
 * Hostile input (issue 6) through the real Bolt app: mention syntax, escaped markup, invisible
 * and bidirectional characters, 10 kB of text, lone surrogates. Whatever is typed, every posted
 * message stays within Block Kit limits and carries no `<!…>` or `<@…>` made from user text.
 */
let h: HttpHarness;
failOnUnhandledRejections();

beforeAll(async () => {
  h = await startHttpHarness({ supportChannel: 'CSUPPORT' });
});

afterAll(async () => {
  expectNoSecrets(h.logs.raw, [h.api.behaviour.botToken, SIGNING_SECRET]);
  await h.close();
});

// An upload from the previous test may still be on its way: let it land before the next test looks.
beforeEach(async () => {
  await (h.adapter as SlackAdapter).idle();
  h.api.reset();
});

/** What Slack puts in `text` when users type these (real mentions arrive as markup, literal ones escaped). */
const HOSTILE: Array<[string, string]> = [
  ['@channel', '<!channel> imap port'],
  ['@here', '<!here> what is the smtp server'],
  ['@everyone', '<!everyone> help'],
  ['user mentions', '<@U123> <@U123|bob> outlook port'],
  ['user-group mentions', '<!subteam^S1> <!subteam^S1|@support> pop or imap'],
  ['literal markup, escaped by Slack', '&lt;!channel&gt; &lt;@U123&gt; imap'],
  ['doubly escaped markup', '&amp;lt;!channel&amp;gt; &amp;lt;@U123&amp;gt; port'],
  ['zero-width characters', '\u200b<\u200b!channel>\u200b imap\u200b port \u2060\ufeff'],
  ['right-to-left marks', '\u202eimap port\u202c \u200f\u200e \u2067smtp\u2069'],
  ['10 kB of text', 'x'.repeat(10_240)],
  ['10 kB of mentions', '<!channel> <@U123> '.repeat(540)],
  ['lone surrogates', 'imap \ud800 port \udfff a\ud800b'],
  ['markup inside an address', 'iphone profile for alice<!channel>@example.com'],
  ['links with mentions as labels', '<https://evil.example/x|<!channel>> <mailto:x@y.z|<!here>> outlook'],
  ['mrkdwn', '*bold* _it_ ~s~ `code` > quote <#C1|general> ```block```'],
  ['a fake address with mentions', 'my address is <@U123>@<!here>.com'],
];

function expectSafe(message: { text?: string; blocks?: unknown }): void {
  expect(blockKitProblems(message)).toEqual([]);
  expect(mentionsIn(message)).toEqual([]);
}

describe.each(HOSTILE)('%s', (_name, text) => {
  test('in a DM', async () => {
    const res = await h.post(JSON.stringify(eventEnvelope(directMessage(text, { user: 'UEN', channel: 'D1' }))));
    expect(res.status).toBe(200);
    const answer = await h.api.nth('chat.postMessage');
    expect(answer.args.channel).toBe('D1');
    for (const page of h.api.callsTo('chat.postMessage')) expectSafe(page.args as never);
  });

  test('in a mention, answered in its thread', async () => {
    const event = mention(text, { user: 'UFR', channel: 'C1' });
    await h.post(JSON.stringify(eventEnvelope(event)));
    const answer = await h.api.nth('chat.postMessage');
    expect(answer.args.thread_ts).toBe(event.ts);
    for (const page of h.api.callsTo('chat.postMessage')) expectSafe(page.args as never);
  });

  test('in /mailconfig (the ack)', async () => {
    const res = await h.post(slashCommand({ text, user_id: 'UEN', response_url: h.api.responseUrl('hostile') }));
    expect(res.status).toBe(200);
    expectSafe((await res.json()) as never);
  });
});

test('the support case quotes hostile text as typed, mentions only the requester, and replaces lone surrogates', async () => {
  const question = '<!channel> &lt;!here&gt; <@U999> <!subteam^S1> outlook won\'t send \ud800 \u202e';
  await h.post(JSON.stringify(eventEnvelope(directMessage(question, { user: 'UFR', channel: 'D2' }))));
  const answer = await h.api.nth('chat.postMessage');
  const handoff = buttonsOf(answer.args).find((b) => b.actionId === 'mc_handoff')!;
  await h.post(form(blockActions({ action_id: 'mc_handoff', value: handoff.value }, { user: { id: 'UFR' }, container: { type: 'message', message_ts: '2.2', channel_id: 'D2' }, channel: { id: 'D2' } })));
  await h.api.until(() => h.api.callsTo('chat.postMessage').some((c) => c.args.channel === 'CSUPPORT'));
  const supportCase = h.api.callsTo('chat.postMessage').find((c) => c.args.channel === 'CSUPPORT')!;
  expect(blockKitProblems(supportCase.args as never)).toEqual([]);
  expect([...new Set(mentionsIn(supportCase.args))]).toEqual(['<@UFR>']);
  const seen = visibleText(supportCase.args);
  // Shown as typed, escaped: the agents read what the user wrote, nobody is pinged.
  expect(seen).toContain('@channel');
  expect(seen).toContain('&lt;!here&gt;');
  expect(seen).toContain('\ufffd');
  // The user's confirmation, in the DM, before the next test.
  await h.api.until(() => h.api.callsTo('chat.postMessage').filter((c) => c.args.channel === 'D2').length >= 2);
});

test('the bot keeps answering after all of it', async () => {
  await h.post(JSON.stringify(eventEnvelope(directMessage('imap port', { user: 'UEN', channel: 'D3' }))));
  expect(visibleText((await h.api.nth('chat.postMessage')).args)).toContain('993');
});
