import { renderText } from '../src/adapters/console/render-text';
import { renderDiscord } from '../src/adapters/discord/render';
import { renderSlack } from '../src/adapters/slack/render';
import type { Reply } from '../src/core/types';
import { MemoryCheckRateLimit } from '../src/diagnostics';
import { CheckWorld } from './diagnostics/harness/check-world';
import { createTestBot, createTestService } from './helpers/bot';
import { hostileInputs } from './helpers/hostile-inputs';

const DISCORD_OPTIONS = { scope: 'c' as const, share: true, handoffAvailable: true, labels: { showToChannel: 'Show', talkToHuman: 'Human' } };

/** Everything a Slack message shows, as text (blocks flattened). */
function slackStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => slackStrings(v, out));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) if (key !== 'action_id' && key !== 'value' && key !== 'url') slackStrings(inner, out);
  }
  return out;
}

/** Problems found, as readable lines (collected rather than asserted one by one: jest's expect is slow at this volume). */
const problems: string[] = [];
function check(ok: boolean, what: string, input: string): void {
  if (!ok && problems.length < 20) problems.push(`${what} for input ${JSON.stringify(input.slice(0, 80))}`);
}

function checkSlack(reply: Reply, input: string): void {
  for (const message of renderSlack(reply, { share: { label: 'Share', value: 'x' }, handoff: { label: 'Human', value: 'fr' } })) {
    check(message.text.length > 0, 'slack: empty text fallback', input);
    check(message.blocks.length <= 50, 'slack: more than 50 blocks', input);
    for (const block of message.blocks as Array<Record<string, any>>) {
      if (block.type === 'header') check(block.text.text.length <= 150, 'slack: header over 150', input);
      if (block.type === 'section' && block.text) check(block.text.text.length <= 3000, 'slack: section over 3000', input);
      if (block.type === 'section' && block.fields) check(block.fields.length <= 10, 'slack: over 10 fields', input);
      if (block.type === 'actions') {
        check(block.elements.length <= 25, 'slack: over 25 buttons', input);
        for (const b of block.elements) check(b.text.text.length <= 75, 'slack: button text over 75', input);
      }
    }
    // No Slack control sequence from text: <!channel>, <!here>, <@U…>, <#C…>, <!subteam^…>.
    for (const text of [message.text, ...slackStrings(message.blocks)]) check(!/<[!@#]/.test(text), 'slack: unescaped <! <@ or <#', input);
  }
}

function checkDiscord(reply: Reply, input: string): void {
  for (const message of renderDiscord(reply, DISCORD_OPTIONS)) {
    check(message.allowed_mentions.parse.length === 0, 'discord: allowed_mentions parses something', input);
    check(message.embeds.length <= 10, 'discord: over 10 embeds', input);
    let total = 0;
    for (const embed of message.embeds) {
      check((embed.title ?? '').length <= 256, 'discord: title over 256', input);
      check((embed.description ?? '').length <= 4096, 'discord: description over 4096', input);
      check((embed.fields ?? []).length <= 25, 'discord: over 25 fields', input);
      for (const f of embed.fields ?? []) {
        check(f.name.length <= 256 && f.value.length <= 1024, 'discord: field over its limits', input);
        total += f.name.length + f.value.length;
      }
      total += (embed.title ?? '').length + (embed.description ?? '').length + (embed.footer?.text ?? '').length;
    }
    check(total <= 6000, 'discord: over 6000 characters in a message', input);
    check(message.components.length <= 5, 'discord: over 5 rows', input);
    for (const row of message.components) {
      check(row.components.length <= 5, 'discord: over 5 buttons in a row', input);
      for (const button of row.components as Array<Record<string, any>>) {
        check((button.label ?? '').length <= 80, 'discord: button label over 80', input);
        check(!button.custom_id || button.custom_id.length <= 100, 'discord: custom_id over 100', input);
      }
    }
  }
}

/** A reply carrying hostile text everywhere user or operator text could ever land. */
function hostileReply(text: string): Reply {
  return {
    lang: 'en',
    kind: 'answer',
    title: text,
    paragraphs: [text, text],
    fields: [{ label: text, value: text }],
    steps: [text, text],
    notes: [text],
    links: [{ label: text, url: 'https://example.com/help' }],
    suggestions: [{ label: text, choice: 'mc1|en|ports' }],
    offers: { handoff: true },
  };
}

/** Every input: no exception, a reply within each platform's limits, no mention or markup injected. */
test('10,000 hostile inputs through the core and all three renderers', () => {
  const bot = createTestBot();
  let count = 0;
  for (const text of hostileInputs(10_000)) {
    const { reply, understanding } = bot.process({ platform: 'fuzz', conversationId: `c${count % 50}`, userId: 'u', text });
    check(understanding.lang === 'fr' || understanding.lang === 'en', 'core: no language', text);
    const rendered = renderText(reply);
    check(rendered.length > 10 && !rendered.includes('{{'), 'text: empty or uninterpolated', text);
    checkSlack(reply, text);
    checkDiscord(reply, text);
    // One in ten: the renderers again, with the hostile text in every part of the reply.
    if (count % 10 === 0) {
      const hostile = hostileReply(text.slice(0, 5000));
      renderText(hostile);
      checkSlack(hostile, text);
      checkDiscord(hostile, text);
    }
    count++;
  }
  expect(count).toBe(10_000);
  expect(problems).toEqual([]);
}, 120_000);

/** What a hostile user puts after "check": names of the test world, refused forms, and garbage. */
const CHECK_PREFIXES = ['check ', 'vérifie mon domaine ', 'diagnostic ', 'check my settings for ', 'teste ma config '];
const CHECK_TARGETS = [
  'good.test', 'broken.test', 'private.test', 'metadata.test', 'nowhere.test', 'bob@good.test', 'café.test', '127.0.0.1', '[::1]', '::ffff:10.0.0.1',
  'http://good.test:25/', 'good.test:993', 'localhost', 'printer.local', '0x7f.1', 'a'.repeat(300) + '.test', '', '<!channel>.test', 'xn--.test',
];

/**
 * The diagnose path under the same hostility, through the conversation service: every fifth
 * input asks for a check (of a test-world name, a refused form or garbage), resolved by the test
 * DNS server only. No exception, replies within every platform's limits, no connection outside
 * loopback, and no message waits longer than the check's time limit.
 */
test('10,000 hostile inputs through the conversation service, a fifth of them asking for a domain check', async () => {
  const world = await CheckWorld.start();
  try {
    // A small per-user limit and 50 users: most checks are refused or cached, some run for real.
    const { service: diagnostics, attempts } = world.diagnostics({ rateLimit: new MemoryCheckRateLimit({ limit: 3, windowMs: 60_000 }) });
    const timeLimitMs = 5000;
    const service = createTestService({ bot: createTestBot({ domainCheck: true }), diagnostics, diagnosticsTimeoutMs: timeLimitMs });
    let count = 0;
    let checked = 0;
    let slowest = 0;
    for (const hostile of hostileInputs(10_000, 7)) {
      const text = count % 5 === 0 ? `${CHECK_PREFIXES[count % CHECK_PREFIXES.length]}${CHECK_TARGETS[(count / 5) % CHECK_TARGETS.length]} ${hostile.slice(0, 200)}` : hostile;
      const started = Date.now();
      const reply = await service.handle({ platform: 'fuzz', conversationId: `c${count % 50}`, userId: `u${count % 50}`, text });
      slowest = Math.max(slowest, Date.now() - started);
      check(reply !== null, 'service: no reply', text);
      if (reply) {
        if (reply.checks) checked++;
        check(!renderText(reply).includes('{{'), 'text: uninterpolated', text);
        checkSlack(reply, text);
        checkDiscord(reply, text);
      }
      count++;
    }
    expect(count).toBe(10_000);
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(10);
    expect(attempts.every((a) => a.startsWith('127.0.0.1:'))).toBe(true);
    expect(slowest).toBeLessThan(timeLimitMs + 1000);
  } finally {
    await world.close();
  }
}, 180_000);
