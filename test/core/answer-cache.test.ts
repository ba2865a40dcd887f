import { createTestBot, inbound } from '../helpers/bot';

describe('answers to identical questions are reused', () => {
  test('the same question in the same situation gives the very same (frozen) answer', () => {
    const bot = createTestBot();
    const first = bot.process(inbound('outlook port?', { conversationId: 'a' }));
    const second = bot.process(inbound('outlook port?', { conversationId: 'b' }));
    expect(second.reply).toBe(first.reply);
    expect(Object.isFrozen(second.reply)).toBe(true);
    expect(() => (second.reply.paragraphs as string[]).push('x')).toThrow();
  });

  test('a different situation is never served a reused answer', () => {
    const bot = createTestBot();
    bot.process(inbound('imap port?', { conversationId: 'a' }));
    bot.process(inbound('iphone setup for alice@example.com', { conversationId: 'b' }));
    // In b the follow-up leans on the iPhone guide and the address; in a, on the ports.
    const inA = bot.process(inbound('and for POP?', { conversationId: 'a' }));
    const inB = bot.process(inbound('and for POP?', { conversationId: 'b' }));
    expect(inA.understanding.intent).toBe('ports');
    expect(inB.understanding.intent).toBe('client_setup');
    expect(inB.reply.fields?.some((f) => f.value.includes('mail.example.com'))).toBe(true);
    expect(bot.process(inbound('imap port?', { conversationId: 'c', localeHint: 'fr' })).reply.lang).toBe('en');
    expect(bot.process(inbound('993', { conversationId: 'd', localeHint: 'en-US' })).reply.lang).toBe('en');
    expect(bot.process(inbound('993', { conversationId: 'e', localeHint: 'fr-FR' })).reply.lang).toBe('fr');
  });

  test('setup files are made afresh each time (new identifiers)', () => {
    const bot = createTestBot();
    const one = bot.process(inbound('iPhone profile for alice@example.com', { conversationId: 'a' })).reply.attachments![0].body;
    const two = bot.process(inbound('iPhone profile for alice@example.com', { conversationId: 'b' })).reply.attachments![0].body;
    const uuid = (body: string) => /PayloadUUID<\/key>\s*<string>([^<]+)/.exec(body)?.[1];
    expect(uuid(one)).not.toBe(uuid(two));
  });

  test('ANSWER_CACHE_SIZE=0 turns reuse off', () => {
    const bot = createTestBot({ answerCacheSize: 0 });
    const first = bot.process(inbound('outlook port?', { conversationId: 'a' }));
    expect(bot.process(inbound('outlook port?', { conversationId: 'b' })).reply).not.toBe(first.reply);
  });
});
