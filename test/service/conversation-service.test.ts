import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../src/logger';
import { Metrics } from '../../src/ops/metrics';
import { UnansweredLog } from '../../src/ops/unanswered-log';
import { renderText } from '../../src/adapters/console/render-text';
import type { Reply } from '../../src/core';
import { ConversationService, RateLimiter, RenderCache } from '../../src/service';
import { summarise } from '../../src/tools/report-unanswered';
import { createTestBot, createTestService, inbound } from '../helpers/bot';
import { LogCapture } from '../helpers/log-capture';

function setup(options: { limit?: number; logText?: boolean } = {}) {
  const logs = new LogCapture();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mailconfig-'));
  const file = path.join(dir, 'unanswered.jsonl');
  const bot = createTestBot();
  const metrics = new Metrics(false);
  const unanswered = new UnansweredLog(file, () => undefined);
  const service = new ConversationService({
    bot,
    logger: createLogger('info', logs),
    metrics,
    limits: new RateLimiter({ limit: options.limit ?? 10, windowMs: 30_000, maxUsers: 1000 }),
    unanswered,
    logMessageText: options.logText ?? false,
    lowConfidence: 0.7,
  });
  return { logs, file, bot, metrics, unanswered, service };
}

describe('answering', () => {
  test('one log line per message with platform, language, intent, confidence and latency — no text by default', async () => {
    const { logs, service } = setup();
    await service.handle(inbound('my password is hunter22, what is the imap port?'));
    const line = logs.lines.find((l) => l.msg === 'message answered');
    expect(line).toMatchObject({ platform: 'test', lang: 'en', intent: 'ports' });
    expect(typeof line?.confidence).toBe('number');
    expect(typeof line?.latencyMs).toBe('number');
    expect(logs.raw).not.toContain('hunter22');
    expect(line?.text).toBeUndefined();
  });

  test('with LOG_MESSAGE_TEXT the text is logged, redacted', async () => {
    const { logs, service } = setup({ logText: true });
    await service.handle(inbound('mot de passe : Azerty123 et le port imap ?'));
    expect(logs.lines.find((l) => l.msg === 'message answered')?.text).toBe('mot de passe : [redacted] et le port imap ?');
    expect(logs.raw).not.toContain('Azerty123');
  });

  test('someone in distress gets a person to call, and what they wrote is neither logged nor kept', async () => {
    const { logs, file, service, unanswered } = setup({ logText: true });
    const reply = await service.handle(inbound("j'ai envie de mourir, je n'en peux plus"));
    expect(renderText(reply!)).toContain('3114');
    await unanswered.close();
    expect(logs.lines.find((l) => l.msg === 'message answered')).toMatchObject({ intent: 'out_of_scope', distress: true });
    expect(logs.raw).not.toContain('mourir');
    expect(() => readFileSync(file, 'utf8')).toThrow();
  });

  test('over the rate limit: one polite notice, then silence, and other users are unaffected', async () => {
    const { service, metrics } = setup({ limit: 2 });
    const user = { userId: 'noisy', conversationId: 'noisy' };
    expect((await service.handle(inbound('imap port?', user)))?.kind).toBe('answer');
    expect((await service.handle(inbound('smtp port?', user)))?.kind).toBe('answer');
    const notice = await service.handle(inbound('pop port?', user));
    expect(notice?.kind).toBe('notice');
    expect(notice?.paragraphs[0]).toContain('faster than I can answer');
    expect(await service.handle(inbound('pop port?', user))).toBeNull();
    expect((await service.handle(inbound('imap port?', { userId: 'calm', conversationId: 'calm' })))?.kind).toBe('answer');
    expect((await metrics.registry.getSingleMetricAsString('mailconfig_rate_limited_total'))).toContain('} 2');
  });

  test('an internal error gives an apology with a reference, and the log has the code and the stack', async () => {
    const { service, bot, logs } = setup();
    jest.spyOn(bot, 'respond').mockImplementation(() => {
      throw new Error('knowledge base exploded at /srv/secret/path');
    });
    const reply = await service.handle(inbound('imap port?', { localeHint: 'fr' }));
    expect(reply?.kind).toBe('error');
    const ref = /référence au support\s:\s([0-9A-F]{8})/.exec(reply?.paragraphs[0] ?? '')?.[1];
    expect(ref).toBeDefined();
    expect(reply?.paragraphs.join(' ')).not.toContain('exploded');
    const errorLine = logs.lines.find((l) => l.ref === ref);
    expect(JSON.stringify(errorLine)).toContain('exploded');
    expect(JSON.stringify(errorLine)).toContain('stack');
  });

  test('a message too long is not recorded as unanswered, and redaction stays fast on hostile text', async () => {
    const { service, file, unanswered } = setup();
    const t0 = Date.now();
    await service.handle(inbound('a-'.repeat(20_000), { conversationId: 'long' }));
    expect(Date.now() - t0).toBeLessThan(500);
    await unanswered.close();
    expect(() => readFileSync(file, 'utf8')).toThrow();
  });

  test('the console chat is never rate-limited: a piped file is answered line by line', async () => {
    const { service } = setup({ limit: 2 });
    for (let i = 0; i < 5; i++) expect((await service.handle(inbound('imap port?', { platform: 'console' })))?.kind).toBe('answer');
  });

  test('unanswered and low-confidence questions are recorded, redacted, and summarised per language', async () => {
    const { service, file, unanswered } = setup();
    await service.handle(inbound('blorp glorp', { conversationId: 'a' }));
    await service.handle(inbound('Blorp glorp!', { conversationId: 'b' }));
    await service.handle(inbound('token: Secret99x', { conversationId: 'c' }));
    await service.handle(inbound('imap port?', { conversationId: 'd' }));
    await unanswered.close();
    const entries = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(entries.map((e) => e.question)).toEqual(['blorp glorp', 'Blorp glorp!', 'token: [redacted]']);
    const summary = summarise(entries);
    expect(summary.fr[0]).toMatchObject({ count: 2, question: 'blorp glorp', intents: 'unknown' });
  });

  test('once closed, it answers nothing more', async () => {
    const { service } = setup();
    service.close();
    expect(await service.handle(inbound('imap port?'))).toBeNull();
  });
});

test('the rate limiter stays bounded with tens of thousands of users', () => {
  const limiter = new RateLimiter({ limit: 10, windowMs: 30_000, maxUsers: 5000 });
  for (let i = 0; i < 50_000; i++) limiter.admit(`user-${i}`);
  expect(limiter.size).toBe(5000);
});

describe('the language of a reply with no text to read', () => {
  test('chosen, then the user locale, then the conversation, then the place locale, then DEFAULT_LANG', async () => {
    const service = createTestService();
    await service.handle(inbound('what is the imap port?', { conversationId: 'in-english' }));
    expect(await service.language({ conversationId: 'in-english' })).toBe('en');
    expect(await service.language({ conversationId: 'in-english', localeHint: 'fr-CA' })).toBe('fr');
    expect(await service.language({ conversationId: 'in-english', placeLocale: 'fr' })).toBe('en');
    expect(await service.language({ conversationId: 'in-english', chosen: 'fr', localeHint: 'en-US' })).toBe('fr');
    expect(await service.language({ chosen: 'de', placeLocale: 'en-GB' })).toBe('en');
    expect(await service.language({})).toBe('fr');
  });

  test('the help card for an empty message follows the same order', async () => {
    const service = createTestService();
    await service.handle(inbound('what is the imap port?', { conversationId: 'in-english' }));
    expect((await service.handle(inbound('', { conversationId: 'in-english' })))?.lang).toBe('en');
    expect((await service.handle(inbound('', { conversationId: 'in-english', localeHint: 'fr' })))?.lang).toBe('fr');
  });
});

describe('handing a conversation to a person', () => {
  const visitor = { platform: 'web', userId: 'v1', label: 'visitor v1' };
  const desk = (post: (supportCase: Reply) => Promise<boolean>) => ({ platform: 'slack', post });

  test('with no support desk, the user gets the provider\'s own contact', async () => {
    const reply = await createTestService().requestHuman({ conversationId: 'c', requester: visitor });
    expect(reply).toMatchObject({ kind: 'notice', lang: 'fr' });
    expect(reply.paragraphs[0]).toContain('support@example.com');
  });

  test('the case goes to the desk once, redacted and for the support team; the user is told in their language', async () => {
    const service = createTestService();
    const cases: Reply[] = [];
    service.addSupportDesk(desk(async (supportCase) => (cases.push(supportCase), true)));
    await service.handle(inbound('my password is hunter22 and outlook cannot send', { conversationId: 'c' }));
    const confirmation = await service.requestHuman({ conversationId: 'c', requester: visitor });
    expect(confirmation.title).toBe('An agent has your question');
    expect(await service.requestHuman({ conversationId: 'c', requester: visitor })).toEqual(confirmation);
    expect(cases).toHaveLength(1);
    const text = renderText(cases[0]);
    // Worded for the support team (DEFAULT_LANG fr): who, from where, in which language.
    expect(text).toContain('visitor v1 (chat web, anglais)');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain('hunter22');
  });

  test('when the desk cannot post, the user gets the contact and the next request tries again', async () => {
    const service = createTestService();
    let fail = true;
    service.addSupportDesk(desk(async () => !fail));
    const first = await service.requestHuman({ conversationId: 'c', requester: visitor, localeHint: 'en-GB' });
    expect(first.paragraphs[0]).toContain("can't reach the support team");
    fail = false;
    expect((await service.requestHuman({ conversationId: 'c', requester: visitor, localeHint: 'en-GB' })).title).toBe('An agent has your question');
  });

  test('a requester support cannot write back to (with a reference): told to write to support quoting it; nothing posted for an empty conversation', async () => {
    const service = createTestService();
    const cases: Reply[] = [];
    service.addSupportDesk(desk(async (supportCase) => (cases.push(supportCase), true)));
    const unreachable = { ...visitor, reference: 'AB12CD34' };
    const empty = await service.requestHuman({ conversationId: 'nothing-asked', requester: unreachable, chosen: 'en' });
    expect(empty.paragraphs[0]).toContain("can't reach the support team");
    expect(empty.links).toEqual([
      { label: 'support@example.com', url: 'mailto:support@example.com' },
      { label: 'https://www.example.com/support', url: 'https://www.example.com/support' },
    ]);
    expect(cases).toHaveLength(0);
    await service.handle(inbound('quel port pour envoyer ?', { conversationId: 'w' }));
    const told = await service.requestHuman({ conversationId: 'w', requester: unreachable });
    expect(cases).toHaveLength(1);
    expect(told).toMatchObject({ lang: 'fr', kind: 'notice', title: 'Un conseiller a votre question' });
    expect(told.paragraphs[0]).toContain('référence AB12CD34');
    expect(told.paragraphs[0]).toContain('support@example.com');
    expect(told.links?.[0]).toEqual({ label: 'support@example.com', url: 'mailto:support@example.com' });
  });
});

describe('renderings of reused answers', () => {
  const reply: Reply = { lang: 'en', kind: 'answer', paragraphs: ['port 993'] };

  test('a frozen answer is rendered once per place and shared, frozen; a fresh one every time', () => {
    const cache = new RenderCache<{ text: string }>();
    const render = jest.fn(() => ({ text: 'rendered' }));
    const frozen = Object.freeze({ ...reply });
    const first = cache.get(frozen, 'here', render);
    expect(cache.get(frozen, 'here', render)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    cache.get(frozen, 'elsewhere', render);
    cache.get({ ...reply }, 'here', render);
    cache.get({ ...reply }, 'here', render);
    expect(render).toHaveBeenCalledTimes(4);
  });

  test('with a maximum age, an older rendering is made again; each reuse is reported', () => {
    let now = 0;
    const cache = new RenderCache<string>(1000, () => now);
    const frozen = Object.freeze({ ...reply });
    const reused = jest.fn();
    cache.get(frozen, 'here', () => 'one', reused);
    now = 1000;
    expect(cache.get(frozen, 'here', () => 'two', reused)).toBe('one');
    expect(reused).toHaveBeenCalledWith('one');
    now = 2001;
    expect(cache.get(frozen, 'here', () => 'three', reused)).toBe('three');
  });
});
