import type { Reply } from '../../../src/core/types';
import { createLogger } from '../../../src/logger';
import { snowflake } from '../../fakes/discord-ids';
import type { Fault, RestCall } from '../../fakes/discord-rest';
import { LogCapture } from '../../helpers/log-capture';
import { messageCreate, slashCommand, WORLD } from './builders';
import { failOnUnhandledRejections } from './guards';
import { callbackOf, startHarness, visibleText, webhookOf, type Harness } from './harness';

/**
 * Discord failing under the bot: rate limits (per route and global), server errors, answers
 * slower than the REST time-out, stalled requests and reset connections, on each route the
 * bot uses (interaction callbacks, webhook edits and follow-ups, channel messages). Each is
 * retried as Discord allows, logged by route (never with a token), crashes nothing, and
 * other users keep getting answers meanwhile.
 */

failOnUnhandledRejections();

const REPLY = 4;
const EPHEMERAL = 64;
// Shortened REST timings for these tests (the bot's defaults are 5 s and 1 s).
const TIMINGS = { restTimeoutMs: 800, callbackTimeoutMs: 400, maxRateLimitWaitMs: 5000 };
// Longer than both time-outs above.
const LATE_MS = 1500;

const FAULTS: Array<[string, Fault]> = [
  ['429 on the route', { kind: 'rateLimit', retryAfterSeconds: 1 }],
  ['429 global', { kind: 'rateLimit', retryAfterSeconds: 1, global: true }],
  ['500', { kind: 'status', status: 500 }],
  ['502', { kind: 'status', status: 502 }],
  ['an answer slower than the time-out', { kind: 'slow', delayMs: LATE_MS }],
  ['a stalled request', { kind: 'stall', delayMs: LATE_MS }],
  ['a reset connection', { kind: 'reset' }],
];

const user = () => ({ id: snowflake(), username: `user${Math.floor(Math.random() * 1e6)}` });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** What an attempt met: its status, or the fault that left it without one (or answered it late). */
const outcome = (c: RestCall) => (c.fault === 'status' || c.fault === 'rateLimit' || !c.fault ? c.status : c.fault);
/** The outcome of an attempt that meets `fault`. */
const metFault = (fault: Fault) => (fault.kind === 'status' ? fault.status : fault.kind === 'rateLimit' ? 429 : fault.kind);
const postedIn = (channelId: string) => (call: RestCall) => call.method === 'POST' && call.path === `/channels/${channelId}/messages`;
/** Warnings or errors logged about `route` since line `since`. */
const loggedAbout = (logs: LogCapture, route: string, since: number) => logs.lines.slice(since).filter((l) => (l.level as number) >= 40 && JSON.stringify(l).includes(route));

/** Starts a harness logging into `logs` before a block's tests (handed over by `use`), and closes it after. */
function useHarness(logs: LogCapture, use: (h: Harness) => void): void {
  let started: Harness | undefined;
  beforeAll(async () => {
    started = await startHarness({ logger: createLogger('debug', logs), timings: TIMINGS });
    use(started);
  });
  afterAll(async () => {
    await started?.close();
  });
}

describe('interaction callbacks', () => {
  const logs = new LogCapture();
  let h!: Harness;
  useHarness(logs, (started) => (h = started));

  test.each(FAULTS)('%s: retried, logged, and the user gets the answer exactly once', async (_, fault) => {
    const command = slashCommand({ question: 'what is the imap port?' }, { locale: 'en-US', from: user() });
    h.rest.inject(callbackOf(command), fault);
    const since = h.rest.calls.length;
    const logsSince = logs.lines.length;
    h.gateway.dispatch('INTERACTION_CREATE', command);
    const delivered = await h.rest.waitFor((c) => callbackOf(command)(c) && c.status === 204, since, 5000);
    expect(delivered.body.type).toBe(REPLY);
    expect(delivered.body.data.flags).toBe(EPHEMERAL);
    expect(visibleText(delivered.body)).toContain('993, with SSL/TLS');
    if (fault.kind === 'slow') {
      // The late attempt did land: the retry is refused (40060) and taken as delivered.
      await h.rest.waitFor((c) => callbackOf(command)(c) && c.status === 400, since, 3000);
    }
    await sleep(300);
    const attempts = h.rest.calls.slice(since).filter(callbackOf(command));
    expect(outcome(attempts[0])).toBe(metFault(fault));
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    // Delivered exactly once; any further attempt (a retry of one that did land) was refused with 40060.
    expect(attempts.filter((c) => c.status === 204)).toHaveLength(1);
    for (const retry of attempts.slice(1).filter((c) => c.status !== 204)) expect(retry.body && retry.status).toBe(400);
    // No apology: the answer was delivered.
    expect(h.rest.calls.slice(since).filter(webhookOf(command, 'POST'))).toEqual([]);
    expect(loggedAbout(logs, '/interactions/:id/:token/callback', logsSince).length).toBeGreaterThan(0);
  });

  test('a callback that keeps failing: the user gets an apology once Discord answers again', async () => {
    const command = slashCommand({ question: 'quel port smtp ?' }, { locale: 'fr', from: user() });
    // The first try and its two retries fail.
    h.rest.inject(callbackOf(command), { kind: 'status', status: 503 }, 3);
    const since = h.rest.calls.length;
    h.gateway.dispatch('INTERACTION_CREATE', command);
    const apology = await h.rest.waitFor((c) => callbackOf(command)(c) && c.status === 204, since, 5000);
    expect(h.rest.calls.slice(since).filter(callbackOf(command)).map(outcome)).toEqual([503, 503, 503, 204]);
    expect(apology.body.data.content).toMatch(/^Désolé, un problème est survenu de mon côté.*[0-9A-F]{8}\.$/);
    expect(apology.body.data.content).not.toMatch(/503|Injected|Error/);
    expect(logs.lines.some((l) => l.msg === 'answering a slash command failed' && JSON.stringify(l).includes('"status":503'))).toBe(true);
  });
});

describe('webhook edits and follow-ups', () => {
  const logs = new LogCapture();
  let h: Harness;
  // Every answer takes 150 ms: interactions are deferred (after 50 ms) and the answer edited in.
  const HUGE = 'huge guide please';
  const huge: Reply = {
    lang: 'en',
    kind: 'answer',
    title: 'A very long guide',
    paragraphs: Array.from({ length: 40 }, (_, i) => `Paragraph ${i}: ${'words '.repeat(60)}`),
  };
  beforeAll(async () => {
    h = await startHarness({
      logger: createLogger('debug', logs),
      timings: { ...TIMINGS, deferAfterMs: 50 },
      answer: (handle) => async (message) => {
        await sleep(150);
        return message.text === HUGE ? huge : handle(message);
      },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  test.each(FAULTS)('edit of a deferred answer, %s: retried, and the answer edited in', async (_, fault) => {
    const command = slashCommand({ question: 'what is the pop3 port?' }, { locale: 'en-US', from: user() });
    h.rest.inject(webhookOf(command, 'PATCH'), fault);
    const since = h.rest.calls.length;
    const logsSince = logs.lines.length;
    h.gateway.dispatch('INTERACTION_CREATE', command);
    const deferred = await h.rest.waitFor(callbackOf(command), since);
    expect(deferred.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const edits = () => h.rest.calls.slice(since).filter(webhookOf(command, 'PATCH'));
    await h.rest.waitFor((c) => webhookOf(command, 'PATCH')(c) && c.status === 200 && edits().length >= 2, since, 5000);
    const final = edits()[edits().length - 1];
    expect(final.path).toBe(`/webhooks/${WORLD.appId}/${command.token}/messages/@original`);
    expect(visibleText(final.body)).toContain('995');
    expect(outcome(edits()[0])).toBe(metFault(fault));
    // Edits are idempotent: a retry of one that did land (a slow answer) only writes the same again.
    for (const edit of edits().slice(1)) expect(edit.status).toBe(200);
    await sleep(200);
    // No apology follow-up: the edit got through.
    expect(h.rest.calls.slice(since).filter(webhookOf(command, 'POST'))).toEqual([]);
    expect(loggedAbout(logs, '/webhooks/:id/:token/messages/@original', logsSince).length).toBeGreaterThan(0);
  });

  test.each(FAULTS)('follow-up with the rest of a long answer, %s: retried, and every part arrives', async (_, fault) => {
    const command = slashCommand({ question: HUGE }, { locale: 'en-US', from: user() });
    h.rest.inject(webhookOf(command, 'POST'), fault);
    const since = h.rest.calls.length;
    h.gateway.dispatch('INTERACTION_CREATE', command);
    await h.rest.waitFor((c) => webhookOf(command, 'POST')(c) && c.status === 200, since, 5000);
    await sleep(fault.kind === 'slow' ? LATE_MS : 200);
    const edit = h.rest.calls.slice(since).filter((c) => webhookOf(command, 'PATCH')(c) && c.status === 200);
    const followUps = h.rest.calls.slice(since).filter((c) => webhookOf(command, 'POST')(c) && c.status === 200);
    expect(edit).toHaveLength(1);
    const shown = [...edit, ...followUps].map((c) => visibleText(c.body)).join('\n');
    for (let i = 0; i < 40; i++) expect(shown).toContain(`Paragraph ${i}:`);
    // Follow-ups keep the answer's visibility.
    for (const part of followUps) expect(part.body.flags).toBe(EPHEMERAL);
    const distinct = new Set(followUps.map((c) => visibleText(c.body)));
    expect(distinct.size).toBe(3);
    // Webhook messages take no nonce: a follow-up whose late first attempt did land is posted
    // again by the retry (a part shown twice rather than a part lost). Every other fault: once.
    expect(followUps).toHaveLength(fault.kind === 'slow' ? 4 : 3);
  });
});

describe('channel messages (mention replies)', () => {
  const logs = new LogCapture();
  let h!: Harness;
  useHarness(logs, (started) => (h = started));

  test.each(FAULTS)('%s: retried, logged, and the reply posted exactly once', async (_, fault) => {
    const channelId = snowflake();
    const message = messageCreate(`<@${WORLD.bot.id}> what is the smtp port?`, { mentions: [WORLD.bot], channelId, author: user() });
    h.rest.inject(postedIn(channelId), fault);
    const since = h.rest.calls.length;
    const logsSince = logs.lines.length;
    h.gateway.dispatch('MESSAGE_CREATE', message);
    const attempts = () => h.rest.calls.slice(since).filter(postedIn(channelId));
    await h.rest.waitFor((c) => postedIn(channelId)(c) && c.status === 200 && attempts().length >= 2, since, 5000);
    await sleep(200);
    expect(outcome(attempts()[0])).toBe(metFault(fault));
    for (const attempt of attempts().slice(1)) expect(attempt.status).toBe(200);
    // The retry carries the same enforced nonce: even when the first attempt landed, one message exists.
    expect(new Set(attempts().map((c) => c.body.nonce)).size).toBe(1);
    expect(attempts()[0].body.enforce_nonce).toBe(true);
    const created = h.rest.created.filter((m) => m.channelId === channelId);
    expect(created).toHaveLength(1);
    expect(visibleText(created[0].body)).toContain('465');
    expect(created[0].body.message_reference).toMatchObject({ message_id: message.id });
    expect(loggedAbout(logs, '/channels/:id/messages', logsSince).length).toBeGreaterThan(0);
  });
});

describe('one route failing while many users ask at once', () => {
  const logs = new LogCapture();
  let h!: Harness;
  useHarness(logs, (started) => (h = started));

  test('a stalled channel and a failing interaction: everyone else is answered at once, those two get an apology', async () => {
    const brokenChannel = snowflake();
    const since = h.rest.calls.length;
    // Every attempt on this channel stalls (three: the first and two retries); one user's callbacks fail with 502.
    h.rest.inject(postedIn(brokenChannel), { kind: 'stall', delayMs: 3000 }, 3);
    const unlucky = slashCommand({ question: 'imap port?' }, { locale: 'en-US', from: user() });
    h.rest.inject(callbackOf(unlucky), { kind: 'status', status: 502 }, 3);
    const stuck = messageCreate(`<@${WORLD.bot.id}> port imap ?`, { mentions: [WORLD.bot], channelId: brokenChannel, author: user() });
    h.gateway.dispatch('MESSAGE_CREATE', stuck);
    h.gateway.dispatch('INTERACTION_CREATE', unlucky);

    const started = Date.now();
    const commands = Array.from({ length: 12 }, (_, i) =>
      slashCommand({ question: i % 2 ? 'quel port pour imap ?' : 'what is the imap port?' }, { locale: i % 2 ? 'fr' : 'en-US', from: user() }),
    );
    const mentions = Array.from({ length: 6 }, () => messageCreate(`<@${WORLD.bot.id}> smtp port?`, { mentions: [WORLD.bot], author: user() }));
    const dms = Array.from({ length: 4 }, () => messageCreate('pop3 port?', { guildId: null, channelId: snowflake(), author: user() }));
    for (const command of commands) h.gateway.dispatch('INTERACTION_CREATE', command);
    for (const message of [...mentions, ...dms]) h.gateway.dispatch('MESSAGE_CREATE', message);

    const answered = await Promise.all([
      ...commands.map((command) => h.rest.waitFor((c) => callbackOf(command)(c) && c.status === 204, since, 5000)),
      ...[...mentions, ...dms].map((message) => h.rest.waitFor((c) => c.status === 200 && c.body?.message_reference?.message_id === message.id, since, 5000)),
    ]);
    // Answered while the broken channel is still stalled (its first attempt alone takes 800 ms to time out).
    expect(Date.now() - started).toBeLessThan(2000);
    expect(h.rest.calls.some((c) => postedIn(brokenChannel)(c) && c.status === 200)).toBe(false);
    for (const call of answered.slice(0, commands.length)) expect(visibleText(call.body)).toContain('993');
    for (const call of answered.slice(commands.length)) expect(visibleText(call.body)).toMatch(/465|995/);

    // The two unlucky users are not left in silence.
    const apology = await h.rest.waitFor((c) => callbackOf(unlucky)(c) && c.status === 204, since, 5000);
    expect(apology.body.data.content).toMatch(/^Sorry, something went wrong on my side/);
    const channelApology = await h.rest.waitFor((c) => postedIn(brokenChannel)(c) && c.status === 200, since, 8000);
    expect(channelApology.body.content).toMatch(/^Désolé, un problème est survenu de mon côté/);
    expect(channelApology.body.message_reference).toMatchObject({ message_id: stuck.id });
    expect(h.rest.calls.filter(postedIn(brokenChannel)).map(outcome)).toEqual(['stall', 'stall', 'stall', 200]);
    expect(logs.lines.some((l) => l.msg === 'answering a message failed')).toBe(true);
  }, 15_000);

  test('a rate-limit wait too long to be useful is given up at once, logged, and nothing queues behind it', async () => {
    const channelId = snowflake();
    const message = messageCreate(`<@${WORLD.bot.id}> imap port?`, { mentions: [WORLD.bot], channelId, author: user() });
    // Sixty seconds on this route, twice: for the answer, then for the apology.
    h.rest.inject(postedIn(channelId), { kind: 'rateLimit', retryAfterSeconds: 60 }, 2);
    const logsSince = logs.lines.length;
    const since = h.rest.calls.length;
    h.gateway.dispatch('MESSAGE_CREATE', message);
    await h.rest.waitFor(postedIn(channelId), since);
    const until = Date.now() + 3000;
    while (!logs.lines.slice(logsSince).some((l) => l.msg === 'message: the user could not be answered') && Date.now() < until) await sleep(20);
    const lines = logs.lines.slice(logsSince);
    expect(lines.some((l) => l.msg === 'Discord rate limit met' && l.route === '/channels/:id/messages' && (l.retryAfterMs as number) >= 60_000)).toBe(true);
    expect(lines.some((l) => l.msg === 'message: the user could not be answered')).toBe(true);
    // Still serving others.
    const command = slashCommand({ question: 'smtp port?' }, { locale: 'en-US', from: user() });
    expect(visibleText((await h.interact(command)).body)).toContain('465');
  });
});
