import { blockActions, directMessage, eventEnvelope, form, mention } from './builders';
import { buttonsOf, visibleText } from './blocks';
import { expectNoSecrets, failOnUnhandledRejections } from './guards';
import { SIGNING_SECRET, startHttpHarness, type HttpHarness } from './harness';

/** "Talk to a human" with SLACK_SUPPORT_CHANNEL set: the case for the agents, the confirmation for the user. */
let h: HttpHarness;
failOnUnhandledRejections();

beforeAll(async () => {
  h = await startHttpHarness({ supportChannel: 'CSUPPORT' });
});

afterAll(async () => {
  // Everything logged during these tests, at trace level: no token, no signing secret, no typed password.
  expectNoSecrets(h.logs.raw, [h.api.behaviour.botToken, SIGNING_SECRET, 'Hunter22']);
  await h.close();
});

beforeEach(() => h.api.reset());

/** Clicks the Talk to a human button of `message`, from where it was posted. */
async function clickHandoff(message: { blocks?: unknown }, user: string, where: Record<string, unknown>) {
  const button = buttonsOf(message).find((b) => b.actionId === 'mc_handoff');
  expect(button).toBeDefined();
  const res = await h.post(form(blockActions({ action_id: 'mc_handoff', value: button!.value }, { user: { id: user }, ...where })));
  expect(res.status).toBe(200);
}

test('from a DM: the case reaches the support channel, redacted and escaped; the user is told in French', async () => {
  // What Slack sends when a user types a literal "<!channel>": escaped.
  const question = "&lt;!channel&gt; mon mot de passe est Hunter22 et outlook n'envoie pas";
  await h.post(JSON.stringify(eventEnvelope(directMessage(question, { user: 'UFR', channel: 'D1' }))));
  const answer = await h.api.nth('chat.postMessage');
  await clickHandoff(answer.args, 'UFR', { container: { type: 'message', message_ts: '5.5', channel_id: 'D1' }, channel: { id: 'D1' }, message: { ts: '5.5' } });

  await h.api.until(() => h.api.callsTo('chat.postMessage').length >= 3);
  const [, supportCase, confirmation] = h.api.callsTo('chat.postMessage');
  expect(supportCase.args.channel).toBe('CSUPPORT');
  const caseText = visibleText(supportCase.args);
  expect(caseText).toContain('Nouvelle demande d');
  expect(caseText).toContain('<@UFR>');
  expect(caseText).toContain('[redacted]');
  expect(caseText).not.toContain('Hunter22');
  expect(caseText).toContain('&lt;!channel&gt;');
  expect(JSON.stringify(supportCase.args)).not.toContain('<!channel>');
  expect(caseText).toMatch(/Outlook/);

  expect(confirmation.args.channel).toBe('D1');
  expect(visibleText(confirmation.args)).toContain('Un conseiller a votre question');
});

test('from a thread: an English user gets the confirmation in English, privately, in the thread', async () => {
  const event = mention("my outlook can't send mail", { user: 'UEN', channel: 'C3' });
  await h.post(JSON.stringify(eventEnvelope(event)));
  const answer = await h.api.nth('chat.postMessage');
  expect(buttonsOf(answer.args).find((b) => b.actionId === 'mc_handoff')?.label).toBe('Talk to a human');
  await clickHandoff(answer.args, 'UEN', { container: { type: 'message', message_ts: '6.6', channel_id: 'C3', thread_ts: event.ts }, channel: { id: 'C3' }, message: { ts: '6.6', thread_ts: event.ts } });

  const confirmation = await h.api.nth('chat.postEphemeral');
  expect(confirmation.args).toMatchObject({ channel: 'C3', user: 'UEN', thread_ts: event.ts });
  expect(visibleText(confirmation.args)).toContain('An agent has your question');
  const supportCase = h.api.callsTo('chat.postMessage').find((c) => c.args.channel === 'CSUPPORT')!;
  // Written for the support team (DEFAULT_LANG fr), saying the user speaks English.
  expect(visibleText(supportCase.args)).toContain('anglais');
});

test('clicking twice opens one case', async () => {
  await h.post(JSON.stringify(eventEnvelope(directMessage("outlook won't send", { user: 'UEN', channel: 'D2' }))));
  const answer = await h.api.nth('chat.postMessage');
  const where = { container: { type: 'message', message_ts: '7.7', channel_id: 'D2' }, channel: { id: 'D2' } };
  await clickHandoff(answer.args, 'UEN', where);
  await h.api.until(() => h.api.callsTo('chat.postMessage').length >= 3);
  await clickHandoff(answer.args, 'UEN', where);
  await h.api.until(() => h.api.callsTo('chat.postMessage').length >= 4);
  expect(h.api.callsTo('chat.postMessage').filter((c) => c.args.channel === 'CSUPPORT')).toHaveLength(1);
});

test('when the case cannot be posted, the user is told how to reach support instead', async () => {
  h.api.behaviour.users.UEN3 = { locale: 'en-GB' };
  await h.post(JSON.stringify(eventEnvelope(directMessage("outlook won't send", { user: 'UEN3', channel: 'D3' }))));
  const answer = await h.api.nth('chat.postMessage');
  h.api.behaviour.failOnce.set('chat.postMessage', 'not_in_channel');
  await clickHandoff(answer.args, 'UEN3', { container: { type: 'message', message_ts: '8.8', channel_id: 'D3' }, channel: { id: 'D3' } });
  await h.api.until(() => h.api.callsTo('chat.postMessage').length >= 3);
  const told = h.api.callsTo('chat.postMessage')[2];
  expect(told.args.channel).toBe('D3');
  expect(visibleText(told.args)).toContain("can't reach the support team");
  expect(visibleText(told.args)).toContain('support@example.com');
});
