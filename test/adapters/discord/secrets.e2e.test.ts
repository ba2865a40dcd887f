import { createLogger } from '../../../src/logger';
import { Metrics } from '../../../src/ops/metrics';
import { RateLimiter } from '../../../src/service';
import { snowflake } from '../../fakes/discord-ids';
import type { RestCall } from '../../fakes/discord-rest';
import { LogCapture } from '../../helpers/log-capture';
import { buttonClick, messageCreate, slashCommand, WORLD } from './builders';
import { failOnUnhandledRejections } from './guards';
import { buttonsOf, callbackOf, startHarness, visibleText, webhookOf, type Harness } from './harness';

/**
 * Secrets never reach the logs or a support case: the bot token, interaction tokens (they
 * are in the URLs of callbacks and follow-ups), and a password a user typed. The bot runs
 * with the app's conversation service logging message text (redacted), at trace level, while
 * Discord refuses and fails some of its calls, so every error path writes its log line.
 */

failOnUnhandledRejections();

const PASSWORD = 'Hunter2!';
const EPHEMERAL = 64;
const SLOW = 'imap port?';

let h: Harness;
const logs = new LogCapture();
const logger = createLogger('trace', logs);
beforeAll(async () => {
  h = await startHarness({
    logger,
    timings: { restTimeoutMs: 600, callbackTimeoutMs: 300, deferAfterMs: 150 },
    service: {
      metrics: new Metrics(false),
      limits: new RateLimiter({ limit: 1000, windowMs: 30_000, maxUsers: 1000 }),
      logMessageText: true,
      lowConfidence: 0.7,
    },
    answer: (handle) => async (message) => {
      // This one is slow: deferred, then edited in.
      if (message.text.endsWith(SLOW)) await new Promise((resolve) => setTimeout(resolve, 300));
      return handle(message);
    },
  });
});
afterAll(async () => {
  await h?.close();
});

const postedIn = (channelId: string) => (call: RestCall) => call.method === 'POST' && call.path === `/channels/${channelId}/messages`;

test(`"my password is ${PASSWORD}" through every path, with Discord failing: never in the logs, never in the support case`, async () => {
  const user = { id: snowflake(), username: 'carol' };
  const since = h.rest.calls.length;

  // A slash command whose answer Discord refuses (400, with the request body in the error), then one that meets a 502.
  const refused = slashCommand({ question: `my password is ${PASSWORD} and outlook cannot send` }, { locale: 'en-US', from: user });
  h.rest.failNext(callbackOf(refused), 400);
  await h.send('INTERACTION_CREATE', refused, (c) => callbackOf(refused)(c) && c.status === 204);
  const retried = slashCommand({ question: `mon mot de passe est ${PASSWORD} et je n'arrive pas à envoyer` }, { locale: 'fr', from: user });
  h.rest.inject(callbackOf(retried), { kind: 'status', status: 502 });
  const answered = await h.send('INTERACTION_CREATE', retried, (c) => callbackOf(retried)(c) && c.status === 204);

  // A slow answer whose edit stalls, then is retried.
  const slow = slashCommand({ question: `password: ${PASSWORD} ${SLOW}` }, { locale: 'en-US', from: user });
  h.rest.inject(webhookOf(slow, 'PATCH'), { kind: 'stall', delayMs: 1000 });
  h.gateway.dispatch('INTERACTION_CREATE', slow);
  await h.rest.waitFor((c) => webhookOf(slow, 'PATCH')(c) && c.status === 200, since, 6000);

  // A DM, and a mention whose reply is reset once.
  await h.send('MESSAGE_CREATE', messageCreate(`my password is ${PASSWORD}`, { guildId: null, channelId: snowflake(), author: user }), (c) => c.status === 200);
  const mention = messageCreate(`<@${WORLD.bot.id}> my password is ${PASSWORD}, smtp port?`, { mentions: [WORLD.bot], author: user });
  h.rest.inject(postedIn(WORLD.channelId), { kind: 'reset' });
  await h.send('MESSAGE_CREATE', mention, (c) => c.status === 200 && c.body?.message_reference?.message_id === mention.id);

  // "Talk to a human" on the French conversation: the case goes to the support channel.
  expect(buttonsOf(answered.body).map((b) => b.custom_id)).toContain('human:u');
  const click = buttonClick('human:u', { flags: EPHEMERAL }, { locale: 'fr', from: user });
  await h.interact(click);
  const theCase = await h.rest.waitFor((c) => postedIn(WORLD.supportChannelId)(c) && c.status === 200, since);
  expect(visibleText(theCase.body)).toContain(`<@${user.id}>`);
  expect(visibleText(theCase.body)).toContain('mot de passe est \\[redacted\\]');
  expect(JSON.stringify(theCase.body)).not.toContain(PASSWORD);
  expect(JSON.stringify(h.rest.calls.filter(postedIn(WORLD.supportChannelId)).map((c) => c.body))).not.toContain('Hunter2');

  // The logs did record all of this…
  expect(logs.lines.some((l) => l.msg === 'message answered' && String(l.text).includes('[redacted]'))).toBe(true);
  expect(logs.lines.some((l) => l.msg === 'answering a slash command failed')).toBe(true);
  expect(logs.lines.some((l) => l.msg === 'Discord API server error (retried while attempts remain)')).toBe(true);
  expect(logs.lines.some((l) => l.msg === 'Discord API request failed (retried while attempts remain)')).toBe(true);
  // …without a secret.
  expect(logs.raw).not.toContain('Hunter2');
  expect(logs.raw).not.toContain(WORLD.token);
  for (const command of [refused, retried, slow, click]) expect(logs.raw).not.toContain(command.token);
  expect(logs.raw).not.toMatch(/itoken-\d+/);
}, 20_000);
