import { createLogger } from '../../../src/logger';
import { snowflake } from '../../fakes/discord-ids';
import { LogCapture } from '../../helpers/log-capture';
import { messageCreate, slashCommand, WORLD } from './builders';
import { failOnUnhandledRejections } from './guards';
import { callbackOf, startHarness, visibleText, type Harness } from './harness';

/**
 * The gateway connection dropping under the bot: cut without a close frame (1006, a network
 * failure) or closed by Discord with 4000 (unknown error). discord.js resumes the session,
 * Discord replays what was missed, and answering goes on; a session Discord no longer knows
 * means identifying again.
 */

failOnUnhandledRejections();

async function until(condition: () => boolean, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const user = () => ({ id: snowflake(), username: 'someone' });

describe.each([
  ['cut (1006)', 1006],
  ['closed with 4000 (unknown error)', 4000],
])('the gateway connection %s', (_, code) => {
  const logs = new LogCapture();
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ logger: createLogger('info', logs) });
  });
  afterAll(async () => {
    await h?.close();
  });

  test('the session is resumed, what was sent meanwhile is answered, and answering goes on', async () => {
    await h.interact(slashCommand({ question: 'imap port?' }, { locale: 'en-US', from: user() }));
    h.gateway.drop(code);
    // Sent while the bot is disconnected: Discord keeps it for the session.
    const missed = slashCommand({ question: 'quel port smtp ?' }, { locale: 'fr', from: user() });
    const since = h.rest.calls.length;
    h.gateway.dispatch('INTERACTION_CREATE', missed);
    const answer = await h.rest.waitFor(callbackOf(missed), since, 8000);
    expect(visibleText(answer.body)).toContain('465');
    expect(h.gateway.resumes).toHaveLength(1);
    expect(h.gateway.resumes[0]).toMatchObject({ token: WORLD.token, session_id: expect.any(String), seq: expect.any(Number) });
    expect(h.gateway.identifies).toHaveLength(1);

    const after = await h.interact(slashCommand({ question: 'pop3 port?' }, { locale: 'en-US', from: user() }));
    expect(visibleText(after.body)).toContain('995');
    const mention = messageCreate(`<@${WORLD.bot.id}> imap?`, { mentions: [WORLD.bot], author: user() });
    const reply = await h.send('MESSAGE_CREATE', mention, (c) => c.body?.message_reference?.message_id === mention.id);
    expect(visibleText(reply.body)).toContain('993');
    expect(h.adapter.isReady()).toBe(true);
    expect(logs.lines.some((l) => l.msg === 'gateway session resumed')).toBe(true);
    expect(logs.raw).not.toContain(WORLD.token);
  });
});

test('a session the gateway no longer knows: the bot identifies again and answers what comes next', async () => {
  const h = await startHarness({ gateway: { resumable: false } });
  try {
    h.gateway.drop(1006);
    await until(() => h.gateway.identifies.length === 2 && h.gateway.connected);
    expect(h.gateway.resumes).toHaveLength(1);
    const call = await h.interact(slashCommand({ question: 'imap port?' }, { locale: 'en-US', from: user() }));
    expect(visibleText(call.body)).toContain('993');
  } finally {
    await h.close();
  }
});

test('dropped again and again while users ask: every question that reaches the bot is answered', async () => {
  const h = await startHarness();
  try {
    const asked = [];
    for (let round = 0; round < 3; round++) {
      const before = slashCommand({ question: 'smtp port?' }, { locale: 'en-US', from: user() });
      asked.push(before);
      h.gateway.dispatch('INTERACTION_CREATE', before);
      h.gateway.drop(round % 2 ? 4000 : 1006);
      const during = slashCommand({ question: 'imap port?' }, { locale: 'en-US', from: user() });
      asked.push(during);
      h.gateway.dispatch('INTERACTION_CREATE', during);
      await until(() => h.gateway.resumes.length === round + 1 && h.gateway.connected);
    }
    const answers = await Promise.all(asked.map((command) => h.rest.waitFor(callbackOf(command), 0, 8000)));
    for (const answer of answers) expect(visibleText(answer.body)).toMatch(/(465|993)/);
    // Each interaction answered once, even those replayed after a resume.
    for (const command of asked) expect(h.rest.calls.filter(callbackOf(command))).toHaveLength(1);
  } finally {
    await h.close();
  }
});
