import type { Fault } from '../../fakes/slack-web-api';
import { directMessage, eventEnvelope, mention } from './builders';
import { visibleText } from './blocks';
import { expectNoSecrets, failOnUnhandledRejections } from './guards';
import { SIGNING_SECRET, startHttpHarness, type HttpHarness, type HttpHarnessOptions } from './harness';

/**
 * Platform failures (issue 6): the fake Slack Web API answers with 429 + Retry-After, 5xx,
 * too slowly, or resets the connection. Calls are retried where Slack allows it (429 after
 * its Retry-After; 5xx, time-outs and resets within the configured attempts), every failed
 * attempt is logged, nothing crashes, and everyone else keeps getting answers.
 */
failOnUnhandledRejections();

/** A client time-out short enough to test a slow Slack quickly: 2 attempts of 400 ms. */
const POLICY = { timeoutMs: 400, retryConfig: { retries: 1, factor: 1, minTimeout: 20, maxTimeout: 50, randomize: false } };

const FAULTS: Array<[string, Fault]> = [
  ['HTTP 429 with Retry-After', { kind: 'rate_limited', retryAfterSeconds: 1 }],
  ['HTTP 500', { kind: 'status', status: 500 }],
  ['HTTP 503', { kind: 'status', status: 503 }],
  ['an answer slower than the client time-out', { kind: 'slow', ms: 700 }],
  ['a reset connection', { kind: 'reset' }],
];

const harnesses: HttpHarness[] = [];
async function harness(options: HttpHarnessOptions = {}): Promise<HttpHarness> {
  const h = await startHttpHarness({ webApiPolicy: POLICY, ...options });
  harnesses.push(h);
  return h;
}

afterEach(async () => {
  for (const h of harnesses.splice(0)) {
    expectNoSecrets(h.logs.raw, [h.api.behaviour.botToken, SIGNING_SECRET]);
    await h.close();
  }
});

const failedAttempts = (h: HttpHarness) => h.logs.lines.filter((l) => l.event === 'slack_api_attempt_failed');

describe('chat.postMessage', () => {
  test.each(FAULTS)('%s once: retried, logged, and the answer arrives', async (_name, fault) => {
    const h = await harness();
    h.api.inject('chat.postMessage', fault);
    await h.post(JSON.stringify(eventEnvelope(directMessage('imap port', { user: 'UEN', channel: 'D1' }))));
    const answer = await h.api.nth('chat.postMessage', 2, 6000);
    expect(visibleText(answer.args)).toContain('993');
    const [first, second] = h.api.callsTo('chat.postMessage');
    expect([first.fault, second.fault]).toEqual([fault.kind, undefined]);
    if (fault.kind === 'rate_limited') expect(second.at - first.at).toBeGreaterThanOrEqual(950);
    expect(failedAttempts(h)).toEqual([expect.objectContaining({ retriesLeft: 1, msg: 'slack Web API call failed; retrying' })]);
  });

  test.each(FAULTS)('%s on every attempt: given up after the configured attempts, logged, and the next user is answered', async (_name, fault) => {
    const h = await harness();
    h.api.inject('chat.postMessage', fault, { times: 2, when: (args) => args.channel === 'D1' });
    await h.post(JSON.stringify(eventEnvelope(directMessage('imap port', { user: 'UEN', channel: 'D1' }))));
    await h.api.until(() => h.logs.lines.some((l) => l.msg === 'slack answer failed'), 6000, 'the failure to be logged');
    expect(h.api.callsTo('chat.postMessage').map((c) => c.fault)).toEqual([fault.kind, fault.kind]);
    expect(failedAttempts(h).map((l) => l.retriesLeft)).toEqual([1, 0]);
    await h.post(JSON.stringify(eventEnvelope(directMessage('smtp port', { user: 'UFR', channel: 'D2' }))));
    const next = await h.api.nth('chat.postMessage', 3);
    expect(next.args.channel).toBe('D2');
    expect(visibleText(next.args)).toContain('465');
    expect(h.adapter.isReady()).toBe(true);
  });
});

test('a Retry-After longer than the policy allows is not waited for: the call fails at once, logged', async () => {
  const h = await harness({ webApiPolicy: { ...POLICY, maxRetryAfterMs: 5000 } });
  h.api.inject('chat.postMessage', { kind: 'rate_limited', retryAfterSeconds: 60 });
  const started = Date.now();
  await h.post(JSON.stringify(eventEnvelope(directMessage('imap port', { user: 'UEN', channel: 'D1' }))));
  await h.api.until(() => h.logs.lines.some((l) => l.msg === 'slack answer failed'), 3000, 'the failure to be logged');
  expect(Date.now() - started).toBeLessThan(1000);
  expect(h.api.callsTo('chat.postMessage')).toHaveLength(1);
  expect(failedAttempts(h)).toEqual([expect.objectContaining({ method: 'chat.postMessage', reason: 'HTTP 429 (Retry-After 60 s)', retriesLeft: 0 })]);
});

describe('users.info (the user locale)', () => {
  test.each(FAULTS)('%s once: retried, and the locale is still used', async (_name, fault) => {
    const h = await harness();
    h.api.behaviour.users.UGB = { locale: 'en-GB' };
    h.api.inject('users.info', fault);
    // "imap" alone tells no language: the answer is in English only if the locale arrived.
    await h.post(JSON.stringify(eventEnvelope(directMessage('imap', { user: 'UGB', channel: 'D1' }))));
    const answer = await h.api.nth('chat.postMessage', 1, 6000);
    expect(visibleText(answer.args)).toContain('Incoming mail server');
    expect(h.api.callsTo('users.info').map((c) => c.fault)).toEqual([fault.kind, undefined]);
    expect(failedAttempts(h)).toHaveLength(1);
  });

  test.each(FAULTS)('%s on every attempt: answered without the locale (DEFAULT_LANG), logged', async (_name, fault) => {
    const h = await harness();
    h.api.behaviour.users.UGB = { locale: 'en-GB' };
    h.api.inject('users.info', fault, { times: 2 });
    await h.post(JSON.stringify(eventEnvelope(directMessage('imap', { user: 'UGB', channel: 'D1' }))));
    const answer = await h.api.nth('chat.postMessage', 1, 6000);
    expect(visibleText(answer.args)).toContain('Serveur de courrier entrant');
    await h.api.until(() => h.logs.lines.some((l) => l.msg?.toString().startsWith('slack users.info failed')), 4000, 'the users.info failure to be logged');
  });
});

describe('auth.test at start-up', () => {
  test.each(FAULTS)('%s once: retried, and the bot starts', async (_name, fault) => {
    const h = await harness({ beforeStart: (api) => api.inject('auth.test', fault) });
    expect(h.adapter.isReady()).toBe(true);
    expect(h.api.callsTo('auth.test').map((c) => c.fault)).toEqual([fault.kind, undefined]);
    expect(failedAttempts(h)).toHaveLength(1);
    await h.post(JSON.stringify(eventEnvelope(directMessage('imap port', { user: 'UEN', channel: 'D1' }))));
    expect(visibleText((await h.api.nth('chat.postMessage')).args)).toContain('993');
  });

  const persistent: Array<[string, Fault, RegExp]> = [
    ['HTTP 500', { kind: 'status', status: 500 }, /answered HTTP 500 while checking SLACK_BOT_TOKEN: check SLACK_API_URL/],
    ['a reset connection', { kind: 'reset' }, /Could not reach the Slack Web API at http:\/\/127\.0\.0\.1:\d+\/api\/ to check SLACK_BOT_TOKEN/],
    ['an answer slower than the client time-out', { kind: 'slow', ms: 700 }, /Could not reach the Slack Web API at .* to check SLACK_BOT_TOKEN/],
  ];
  test.each(persistent)('%s on every attempt: start() fails with a readable message, and nothing is left behind', async (_name, fault, message) => {
    const start = harness({ beforeStart: (api) => api.inject('auth.test', fault, { times: Infinity }) });
    await expect(start).rejects.toThrow(message);
  });
});

describe('one channel failing does not stop the others', () => {
  const channelFaults: Array<[string, Fault]> = [
    ['HTTP 500', { kind: 'status', status: 500 }],
    ['reset connections', { kind: 'reset' }],
    ['answers slower than the time-out', { kind: 'slow', ms: 700 }],
    ['HTTP 429 with Retry-After', { kind: 'rate_limited', retryAfterSeconds: 3 }],
  ];

  test.each(channelFaults)('%s on every post to one channel while 12 users ask at once', async (_name, fault) => {
    const h = await harness();
    const users = Array.from({ length: 12 }, (_, i) => `UU${i}`);
    for (const user of users) h.api.behaviour.users[user] = { locale: i18nFor(user) };
    h.api.inject('chat.postMessage', fault, { times: Infinity, when: (args) => args.channel === 'CBAD' });
    const bad = Array.from({ length: 4 }, (_, i) => mention('imap port', { user: users[i], channel: 'CBAD' }));
    const good = users.slice(4).map((user, i) => (i % 2 ? mention('smtp port', { user, channel: `CGOOD${i}` }) : directMessage('smtp port', { user, channel: `DGOOD${i}` })));
    const started = Date.now();
    const responses = await Promise.all([...bad, ...good].map((event) => h.post(JSON.stringify(eventEnvelope(event)))));
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));

    const answeredElsewhere = () => new Set(h.api.callsTo('chat.postMessage').filter((c) => !c.fault && c.args.channel !== 'CBAD').map((c) => c.args.channel));
    await h.api.until(() => answeredElsewhere().size === good.length, 8000, 'every other user to be answered');
    // Nobody else waits for the failing channel: not for its Retry-After, not for its time-outs.
    expect(Date.now() - started).toBeLessThan(2500);
    for (const call of h.api.callsTo('chat.postMessage').filter((c) => c.args.channel !== 'CBAD')) expect(visibleText(call.args)).toContain('465');
    // The failing channel: each answer tried twice, then given up and logged.
    await h.api.until(() => h.logs.lines.filter((l) => l.msg === 'slack answer failed').length === bad.length, 8000, 'the failures to be logged');
    expect(h.api.callsTo('chat.postMessage').filter((c) => c.args.channel === 'CBAD').every((c) => c.fault === fault.kind)).toBe(true);
    expect(h.api.callsTo('chat.postMessage').filter((c) => c.args.channel === 'CBAD')).toHaveLength(2 * bad.length);
    expect(h.adapter.isReady()).toBe(true);
  });
});

function i18nFor(user: string): string {
  return Number(user.slice(2)) % 2 ? 'fr-FR' : 'en-US';
}
