import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../src/logger';
import { Answering } from '../../src/ops/answering';
import { Metrics } from '../../src/ops/metrics';
import { RateLimiter } from '../../src/ops/rate-limiter';
import { UnansweredLog } from '../../src/ops/unanswered-log';
import { summarise } from '../../src/tools/report-unanswered';
import { createTestBot, inbound } from '../helpers/bot';
import { LogCapture } from '../helpers/log-capture';

function setup(options: { limit?: number; logText?: boolean } = {}) {
  const logs = new LogCapture();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mailconfig-'));
  const file = path.join(dir, 'unanswered.jsonl');
  const bot = createTestBot();
  const metrics = new Metrics(false);
  const unanswered = new UnansweredLog(file, () => undefined);
  const answering = new Answering(bot, createLogger('info', logs), metrics, new RateLimiter({ limit: options.limit ?? 10, windowMs: 30_000, maxUsers: 1000 }), unanswered, {
    defaultLang: 'fr',
    logMessageText: options.logText ?? false,
    lowConfidence: 0.7,
  });
  return { logs, file, bot, metrics, unanswered, answering };
}

describe('answering', () => {
  test('one log line per message with platform, language, intent, confidence and latency — no text by default', async () => {
    const { logs, answering } = setup();
    await answering.answer(inbound('my password is hunter22, what is the imap port?'));
    const line = logs.lines.find((l) => l.msg === 'message answered');
    expect(line).toMatchObject({ platform: 'test', lang: 'en', intent: 'ports' });
    expect(typeof line?.confidence).toBe('number');
    expect(typeof line?.latencyMs).toBe('number');
    expect(logs.raw).not.toContain('hunter22');
    expect(line?.text).toBeUndefined();
  });

  test('with LOG_MESSAGE_TEXT the text is logged, redacted', async () => {
    const { logs, answering } = setup({ logText: true });
    await answering.answer(inbound('mot de passe : Azerty123 et le port imap ?'));
    expect(logs.lines.find((l) => l.msg === 'message answered')?.text).toBe('mot de passe : [redacted] et le port imap ?');
    expect(logs.raw).not.toContain('Azerty123');
  });

  test('over the rate limit: one polite notice, then silence, and other users are unaffected', async () => {
    const { answering, metrics } = setup({ limit: 2 });
    const user = { userId: 'noisy', conversationId: 'noisy' };
    expect((await answering.answer(inbound('imap port?', user)))?.kind).toBe('answer');
    expect((await answering.answer(inbound('smtp port?', user)))?.kind).toBe('answer');
    const notice = await answering.answer(inbound('pop port?', user));
    expect(notice?.kind).toBe('notice');
    expect(notice?.paragraphs[0]).toContain('faster than I can answer');
    expect(await answering.answer(inbound('pop port?', user))).toBeNull();
    expect((await answering.answer(inbound('imap port?', { userId: 'calm', conversationId: 'calm' })))?.kind).toBe('answer');
    expect((await metrics.registry.getSingleMetricAsString('mailconfig_rate_limited_total'))).toContain('} 2');
  });

  test('an internal error gives an apology with a reference, and the log has the code and the stack', async () => {
    const { answering, bot, logs } = setup();
    jest.spyOn(bot, 'process').mockImplementation(() => {
      throw new Error('knowledge base exploded at /srv/secret/path');
    });
    const reply = await answering.answer(inbound('imap port?', { localeHint: 'fr' }));
    expect(reply?.kind).toBe('error');
    const ref = /référence au support\s:\s([0-9A-F]{8})/.exec(reply?.paragraphs[0] ?? '')?.[1];
    expect(ref).toBeDefined();
    expect(reply?.paragraphs.join(' ')).not.toContain('exploded');
    const errorLine = logs.lines.find((l) => l.ref === ref);
    expect(JSON.stringify(errorLine)).toContain('exploded');
    expect(JSON.stringify(errorLine)).toContain('stack');
  });

  test('a message too long is not recorded as unanswered, and redaction stays fast on hostile text', async () => {
    const { answering, file, unanswered } = setup();
    const t0 = Date.now();
    await answering.answer(inbound('a-'.repeat(20_000), { conversationId: 'long' }));
    expect(Date.now() - t0).toBeLessThan(500);
    await unanswered.close();
    expect(() => readFileSync(file, 'utf8')).toThrow();
  });

  test('the console chat is never rate-limited: a piped file is answered line by line', async () => {
    const { answering } = setup({ limit: 2 });
    for (let i = 0; i < 5; i++) expect((await answering.answer(inbound('imap port?', { platform: 'console' })))?.kind).toBe('answer');
  });

  test('unanswered and low-confidence questions are recorded, redacted, and summarised per language', async () => {
    const { answering, file, unanswered } = setup();
    await answering.answer(inbound('blorp glorp', { conversationId: 'a' }));
    await answering.answer(inbound('Blorp glorp!', { conversationId: 'b' }));
    await answering.answer(inbound('token: Secret99x', { conversationId: 'c' }));
    await answering.answer(inbound('imap port?', { conversationId: 'd' }));
    await unanswered.close();
    const entries = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(entries.map((e) => e.question)).toEqual(['blorp glorp', 'Blorp glorp!', 'token: [redacted]']);
    const summary = summarise(entries);
    expect(summary.fr[0]).toMatchObject({ count: 2, question: 'blorp glorp', intents: 'unknown' });
  });

  test('once closed, it answers nothing more', async () => {
    const { answering } = setup();
    answering.close();
    expect(await answering.answer(inbound('imap port?'))).toBeNull();
  });
});

test('the rate limiter stays bounded with tens of thousands of users', () => {
  const limiter = new RateLimiter({ limit: 10, windowMs: 30_000, maxUsers: 5000 });
  for (let i = 0; i < 50_000; i++) limiter.admit(`user-${i}`);
  expect(limiter.size).toBe(5000);
});
