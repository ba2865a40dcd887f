import { blockActions, directMessage, eventEnvelope, form, mention, nextTs, slackSignature, slashCommand } from './builders';
import { buttonsOf, visibleText } from './blocks';
import { expectNoSecrets, failOnUnhandledRejections } from './guards';
import { SIGNING_SECRET, startHttpHarness, type HttpHarness } from './harness';

/**
 * The bot with its real Bolt app in HTTP mode, driven by requests signed as Slack signs them,
 * against a fake Slack Web API. Assertions are about what a Slack user would see.
 */
let h: HttpHarness;
failOnUnhandledRejections();

beforeAll(async () => {
  h = await startHttpHarness();
});

afterAll(async () => {
  // Everything logged during these tests, at trace level: no token, no signing secret, no typed password.
  expectNoSecrets(h.logs.raw, [h.api.behaviour.botToken, SIGNING_SECRET]);
  await h.close();
});

beforeEach(() => h.api.reset());

/** Headers of a request signed as Slack signs it, with extra headers (a retry's). */
function signedHeaders(body: string, extra: Record<string, string>): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000);
  return { 'content-type': 'application/json', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body), ...extra };
}

/** Lets anything still being processed reach the fake API before asserting that it did not happen. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

/** Sends a slash command and returns the JSON Slack would show (the ack's body). */
async function command(text: string, user = 'UEN', channel = 'C1') {
  const res = await h.post(slashCommand({ text, user_id: user, channel_id: channel, response_url: h.api.responseUrl(`cmd-${user}`) }));
  expect(res.status).toBe(200);
  return (await res.json()) as { response_type: string; text: string; blocks: unknown[] };
}

describe('url_verification', () => {
  test('echoes the challenge', async () => {
    const res = await h.post(JSON.stringify({ token: 't', challenge: 'c-123', type: 'url_verification' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'c-123' });
  });
});

describe('/mailconfig', () => {
  test('answers in English, ephemerally, in the ack, with a Share in channel button', async () => {
    const answer = await command('what is the imap port');
    expect(answer.response_type).toBe('ephemeral');
    const seen = visibleText(answer);
    expect(seen).toContain('993');
    expect(seen).toContain('(IMAP)');
    expect(buttonsOf(answer)).toContainEqual(expect.objectContaining({ label: 'Share in channel', actionId: 'mc_share' }));
    // Nothing posted for everyone.
    expect(h.api.callsTo('chat.postMessage')).toHaveLength(0);
  });

  test('answers in French a French question', async () => {
    const answer = await command('quel est le port du serveur sortant smtp ?', 'UFR');
    const seen = visibleText(answer);
    expect(seen).toContain('465');
    expect(seen).toContain('(SMTP)');
    expect(buttonsOf(answer).map((b) => b.label)).toContain('Partager dans le canal');
  });

  test('uses the Slack locale (users.info with include_locale, cached) when the text cannot tell', async () => {
    h.api.behaviour.users.UGB = { locale: 'en-GB' };
    // "imap" alone is neither French nor English; DEFAULT_LANG is fr, this user's Slack is en-GB.
    expect(visibleText(await command('imap', 'UGB'))).toContain('Incoming mail server');
    expect(visibleText(await command('pop3', 'UGB'))).toContain('Incoming mail server');
    const lookups = h.api.callsTo('users.info');
    expect(lookups.map((c) => c.args)).toEqual([{ user: 'UGB', include_locale: true }]);
  });

  test('a user without a known locale gets DEFAULT_LANG (fr) for a neutral question', async () => {
    expect(visibleText(await command('imap', 'UNOLOCALE'))).toContain('Serveur de courrier entrant');
  });

  test('with no text shows the help card with buttons, in the user locale', async () => {
    const answer = await command('', 'UFR');
    expect(visibleText(answer)).toContain('Ce que je peux faire');
    const choices = buttonsOf(answer).filter((b) => b.actionId.startsWith('mc_choice_'));
    expect(choices.map((b) => b.label)).toEqual(expect.arrayContaining(['POP ou IMAP ?', 'Ports']));
  });

  test('Share in channel posts the answer for everyone, says who shared it, and removes the ephemeral copy', async () => {
    const answer = await command('smtp port', 'UEN', 'C9');
    const share = buttonsOf(answer).find((b) => b.actionId === 'mc_share')!;
    const click = blockActions(
      { action_id: 'mc_share', value: share.value },
      { user: { id: 'UEN' }, container: { type: 'message', message_ts: '1.1', channel_id: 'C9', is_ephemeral: true }, channel: { id: 'C9' }, response_url: h.api.responseUrl('share') },
    );
    expect((await h.post(form(click))).status).toBe(200);
    const shared = await h.api.nthResponse(1);
    expect(shared.body.response_type).toBe('in_channel');
    expect(visibleText(shared.body)).toContain('465');
    expect(visibleText(shared.body)).toContain('Shared by <@UEN>');
    expect(buttonsOf(shared.body).map((b) => b.actionId)).not.toContain('mc_share');
    expect((await h.api.nthResponse(2)).body).toEqual({ delete_original: true });
  });

  test('a suggestion under an ephemeral answer replaces it through response_url', async () => {
    const answer = await command('imap port', 'UEN');
    const pop = buttonsOf(answer).find((b) => b.actionId.startsWith('mc_choice_') && /POP/.test(b.label))!;
    expect(pop).toBeDefined();
    const click = blockActions(
      { action_id: pop.actionId, value: pop.value },
      { user: { id: 'UEN' }, container: { type: 'message', message_ts: '1.1', channel_id: 'C1', is_ephemeral: true }, channel: { id: 'C1' }, response_url: h.api.responseUrl('choice') },
    );
    await h.post(form(click));
    const replaced = await h.api.nthResponse(1);
    expect(replaced.id).toBe('choice');
    expect(replaced.body).toMatchObject({ replace_original: true, response_type: 'ephemeral' });
    expect(visibleText(replaced.body)).toMatch(/POP/);
  });
});

describe('mentions and direct messages', () => {
  test('a mention is answered in the thread of the message', async () => {
    const event = mention('quel est le port imap ?');
    const res = await h.post(JSON.stringify(eventEnvelope(event)));
    expect(res.status).toBe(200);
    const posted = await h.api.nth('chat.postMessage');
    expect(posted.args).toMatchObject({ channel: 'C1', thread_ts: event.ts });
    expect(posted.token).toBe(h.api.behaviour.botToken);
    expect(visibleText(posted.args)).toContain('993');
    expect(visibleText(posted.args)).toContain('(IMAP)');
  });

  test('a direct message is answered in the DM, and a follow-up continues the conversation', async () => {
    await h.post(JSON.stringify(eventEnvelope(directMessage("what's the imap port", { user: 'UEN', channel: 'D7' }))));
    const first = await h.api.nth('chat.postMessage');
    expect(first.args.channel).toBe('D7');
    expect(first.args.thread_ts).toBeUndefined();
    expect(visibleText(first.args)).toContain('993');
    await h.post(JSON.stringify(eventEnvelope(directMessage('and for POP?', { user: 'UEN', channel: 'D7' }))));
    const second = await h.api.nth('chat.postMessage', 2);
    expect(visibleText(second.args)).toContain('995');
    expect(visibleText(second.args)).not.toContain('993');
  });

  test('a message that is both an app_mention and a message event is answered once', async () => {
    const ts = nextTs();
    const text = '<@UBOT> smtp port?';
    await h.post(JSON.stringify(eventEnvelope({ type: 'app_mention', user: 'UEN', text, ts, channel: 'C2' })));
    await h.post(JSON.stringify(eventEnvelope({ type: 'message', channel_type: 'channel', user: 'UEN', text, ts, channel: 'C2' })));
    // A later, different message proves the duplicate had its chance to be (wrongly) answered.
    await h.post(JSON.stringify(eventEnvelope(directMessage('imap port', { user: 'UEN', channel: 'D2' }))));
    await h.api.until(() => h.api.callsTo('chat.postMessage').some((c) => c.args.channel === 'D2'));
    await settle();
    expect(h.api.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C2')).toHaveLength(1);
  });

  test("Slack's retry of an event (X-Slack-Retry-Num) is acknowledged and answered once", async () => {
    const envelope = JSON.stringify(eventEnvelope(mention('pop port?', { user: 'UEN', channel: 'C3' })));
    expect((await h.post(envelope)).status).toBe(200);
    const retry = await fetch(h.eventsUrl, { method: 'POST', headers: signedHeaders(envelope, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' }), body: envelope });
    expect(retry.status).toBe(200);
    await h.post(JSON.stringify(eventEnvelope(directMessage('imap port', { user: 'UEN', channel: 'D3' }))));
    await h.api.until(() => h.api.callsTo('chat.postMessage').some((c) => c.args.channel === 'D3'));
    await settle();
    expect(h.api.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C3')).toHaveLength(1);
  });

  test('the same slash command delivered twice is answered once; the copy gets an empty ack', async () => {
    const body = slashCommand({ text: 'smtp port?', user_id: 'UEN', response_url: h.api.responseUrl('twice') });
    const first = await h.post(body);
    const copy = await h.post(body);
    expect(visibleText((await first.json()) as { text: string })).toContain('465');
    expect([copy.status, await copy.text()]).toEqual([200, '']);
    // The same words again are a new command (a new trigger_id): answered.
    expect(visibleText(await command('smtp port?'))).toContain('465');
  });

  test('ignores its own messages, other bots, edits, joins and channel chatter', async () => {
    const ignored = [
      directMessage('imap port', { user: 'UBOT' }),
      directMessage('imap port', { bot_id: 'B2', user: 'U2' }),
      directMessage('imap port', { subtype: 'bot_message', bot_id: 'B2' }),
      directMessage('imap port', { subtype: 'message_changed', message: { text: 'imap port', user: 'UFR' } }),
      { type: 'message', subtype: 'channel_join', user: 'UFR', text: '<@UFR> has joined the channel', ts: nextTs(), channel: 'C1', channel_type: 'channel' },
      { type: 'message', channel_type: 'channel', user: 'UFR', text: 'imap port', ts: nextTs(), channel: 'C1' },
    ];
    for (const event of ignored) expect((await h.post(JSON.stringify(eventEnvelope(event)))).status).toBe(200);
    await h.post(JSON.stringify(eventEnvelope(directMessage('imap port', { channel: 'D3' }))));
    await h.api.until(() => h.api.callsTo('chat.postMessage').length >= 1);
    await settle();
    expect(h.api.callsTo('chat.postMessage').map((c) => c.args.channel)).toEqual(['D3']);
  });

  test('a suggestion button in a thread answers in the same thread', async () => {
    const event = mention('imap port', { user: 'UEN', channel: 'C5' });
    await h.post(JSON.stringify(eventEnvelope(event)));
    const answer = await h.api.nth('chat.postMessage');
    const suggestion = buttonsOf(answer.args).find((b) => b.actionId.startsWith('mc_choice_'))!;
    const click = blockActions(
      { action_id: suggestion.actionId, value: suggestion.value },
      { user: { id: 'UEN' }, container: { type: 'message', message_ts: '9.9', channel_id: 'C5', thread_ts: event.ts }, channel: { id: 'C5' }, message: { ts: '9.9', thread_ts: event.ts } },
    );
    await h.post(form(click));
    const followUp = await h.api.nth('chat.postMessage', 2);
    expect(followUp.args).toMatchObject({ channel: 'C5', thread_ts: event.ts });
  });

  test('without SLACK_SUPPORT_CHANNEL there is no Talk to a human button', async () => {
    await h.post(JSON.stringify(eventEnvelope(directMessage('blorp zzz qwerty', { user: 'UEN', channel: 'D9' }))));
    const fallback = await h.api.nth('chat.postMessage');
    expect(visibleText(fallback.args)).toContain("I'm not sure I understood");
    expect(buttonsOf(fallback.args).map((b) => b.actionId)).not.toContain('mc_handoff');
  });
});

describe('App Home', () => {
  test('app_home_opened publishes the settings at a glance and quick buttons, in the user language', async () => {
    await h.post(JSON.stringify(eventEnvelope({ type: 'app_home_opened', user: 'UFR', channel: 'D1', tab: 'home', event_ts: '1' })));
    const publish = await h.api.nth('views.publish');
    expect(publish.args.user_id).toBe('UFR');
    expect(publish.args.view.type).toBe('home');
    const seen = visibleText(publish.args.view);
    expect(seen).toContain('993');
    expect(seen).toContain('465');
    const labels = buttonsOf(publish.args.view).map((b) => b.label);
    expect(labels).toEqual(expect.arrayContaining(['POP ou IMAP ?', 'Ports', 'Configurer Thunderbird', 'Configurer Outlook (classique, Windows)']));
  });

  test('a Home button is answered in the DM', async () => {
    await h.post(JSON.stringify(eventEnvelope({ type: 'app_home_opened', user: 'UFR', channel: 'D1', tab: 'home', event_ts: '1' })));
    const publish = await h.api.nth('views.publish');
    const ports = buttonsOf(publish.args.view).find((b) => b.label === 'Ports')!;
    await h.post(form(blockActions({ action_id: ports.actionId, value: ports.value }, { user: { id: 'UFR' }, container: { type: 'view', view_id: 'V1' }, view: { id: 'V1', type: 'home' } })));
    const answer = await h.api.nth('chat.postMessage');
    expect(answer.args.channel).toBe('UFR');
    expect(visibleText(answer.args)).toContain('993');
  });

  test('the Messages tab does not republish the Home view', async () => {
    await h.post(JSON.stringify(eventEnvelope({ type: 'app_home_opened', user: 'UFR', channel: 'D1', tab: 'messages', event_ts: '1' })));
    await h.post(JSON.stringify(eventEnvelope(directMessage('imap', { channel: 'D8' }))));
    await h.api.nth('chat.postMessage');
    await settle();
    expect(h.api.callsTo('views.publish')).toHaveLength(0);
  });
});

describe('request signatures', () => {
  const stale = () => Math.floor(Date.now() / 1000) - 6 * 60;
  const cases: Array<[string, (body: string) => Promise<Response>]> = [
    ['unsigned', (body) => h.post(body, { sign: false })],
    ['signed with another secret', (body) => h.post(body, { secret: 'not-the-secret' })],
    ['tampered after signing', (body) => h.post(body.replace('imap', 'pop3'), { signedBody: body })],
    ['older than five minutes', (body) => h.post(body, { timestamp: stale() })],
  ];

  test.each(cases)('%s: 401 and no message', async (_name, send) => {
    const refused = await send(JSON.stringify(eventEnvelope(directMessage('imap port', { channel: 'D5' }))));
    expect(refused.status).toBe(401);
    const refusedCommand = await send(slashCommand({ text: 'imap port', response_url: h.api.responseUrl('nope') }));
    expect(refusedCommand.status).toBe(401);
    // A valid request afterwards is answered: only its answer exists.
    await h.post(JSON.stringify(eventEnvelope(directMessage('imap port', { channel: 'D6' }))));
    await h.api.nth('chat.postMessage');
    expect(h.api.callsTo('chat.postMessage').map((c) => c.args.channel)).toEqual(['D6']);
    expect(h.api.responseUrlPosts).toHaveLength(0);
  });
});

test("in a thread, one person's address and question never carry over to another", async () => {
  const root = mention('<@UBOT> imap server for alice@corp-example.fr', { user: 'UEN', channel: 'C7' });
  await h.post(JSON.stringify(eventEnvelope(root)));
  await h.api.nth('chat.postMessage');
  const reply = mention('<@UBOT> iphone profile please', { user: 'UFR', channel: 'C7', thread_ts: root.ts });
  await h.post(JSON.stringify(eventEnvelope(reply)));
  const answer = await h.api.nth('chat.postMessage', 2);
  expect(answer.args.thread_ts).toBe(root.ts);
  expect(visibleText(answer.args)).not.toContain('corp-example.fr');
  await settle();
  expect(h.api.callsTo('files.getUploadURLExternal')).toHaveLength(0);
});
