import { decodeButton, encodeButton } from '../../../src/adapters/discord/custom-ids';
import {
  commandToInbound,
  conversationId,
  localeHint,
  messageToInbound,
  suggestionToInbound,
  type CommandLike,
  type MessageLike,
} from '../../../src/adapters/discord/inbound';
import { createTestBot } from '../../helpers/bot';

const BOT = '900000000000000001';
const ALICE = '900000000000000002';
const context = { botUserId: BOT };

function message(overrides: Partial<MessageLike> = {}): MessageLike {
  return {
    content: `<@${BOT}> quel port pour imap ?`,
    author: { id: ALICE, bot: false },
    type: 0,
    mentionedUserIds: [BOT],
    channelId: '700',
    guildId: '800',
    guildLocale: 'fr',
    ...overrides,
  };
}

describe('messageToInbound', () => {
  test('a mention in a server becomes the question, without the mention', () => {
    expect(messageToInbound(message(), context)).toEqual({
      platform: 'discord',
      // Each member has their own conversation in a shared channel.
      conversationId: 'discord:ch:700:u:' + ALICE,
      userId: ALICE,
      text: 'quel port pour imap ?',
      localeHint: 'fr',
    });
  });

  test.each([
    ['the bot itself', message({ author: { id: BOT, bot: true } })],
    ['another bot', message({ author: { id: '123', bot: true } })],
    ['a system user', message({ author: { id: '123', bot: false, system: true } })],
    ['a webhook', message({ webhookId: '555' })],
    ['a join or pin notice', message({ type: 7 })],
    ['a server message that does not mention the bot', message({ content: 'quel port ?', mentionedUserIds: [] })],
    ['a server message that mentions someone else', message({ content: `<@${ALICE}> hello`, mentionedUserIds: [ALICE] })],
  ])('ignores %s', (_what, m) => {
    expect(messageToInbound(m, context)).toBeNull();
  });

  test('mentions by two members of one channel are two conversations: neither continues the other\'s', () => {
    const bot = createTestBot();
    const BOB = '900000000000000003';
    const ask = (author: string, content: string) => bot.process(messageToInbound(message({ content: `<@${BOT}> ${content}`, author: { id: author, bot: false } }), context)!);
    ask(ALICE, 'imap port for alice@corp-example.fr?');
    // Bob's follow-up does not lean on Alice's question or her address…
    const bobs = ask(BOB, 'and the server?');
    expect(bobs.understanding.entities.domain).toBeUndefined();
    expect(JSON.stringify(bobs.reply)).not.toContain('corp-example.fr');
    // …while Alice's own follow-up continues hers.
    const alices = ask(ALICE, 'and for POP?');
    expect(alices.understanding).toMatchObject({ intent: 'ports', entities: { protocol: 'pop3', domain: 'corp-example.fr' } });
  });

  test('a reply to another message counts like a normal message', () => {
    expect(messageToInbound(message({ type: 19 }), context)).not.toBeNull();
  });

  test('a DM needs no mention and continues the DM conversation', () => {
    const inbound = messageToInbound(message({ content: 'what is the smtp port?', mentionedUserIds: [], guildId: null, guildLocale: null, channelId: '42' }), context);
    expect(inbound).toEqual({ platform: 'discord', conversationId: 'discord:dm:42', userId: ALICE, text: 'what is the smtp port?' });
  });

  test('the nickname form of the mention is recognised even when not listed', () => {
    const inbound = messageToInbound(message({ content: `<@!${BOT}>  port smtp`, mentionedUserIds: [] }), context);
    expect(inbound?.text).toBe('port smtp');
  });

  test('@everyone, role, user and channel mentions and custom emoji are taken out of the question', () => {
    const inbound = messageToInbound(message({ content: `<@${BOT}> @everyone @here <@&123> <@${ALICE}> <#456> <:mail:789> port smtp ?` }), context);
    expect(inbound?.text).toBe('port smtp ?');
  });

  test('the mention alone asks for help, in the server language', () => {
    const inbound = messageToInbound(message({ content: `<@${BOT}>`, guildLocale: 'en-GB' }), context);
    expect(inbound).toMatchObject({ text: '', localeHint: 'en-GB' });
    // The empty question is the core's to answer: with what the bot can do.
    expect(createTestBot().process(inbound!)).toMatchObject({ understanding: { intent: 'help' }, reply: { lang: 'en' } });
  });
});

describe('commandToInbound', () => {
  const ask = (lang: string, client: string) => `${lang}: set up ${client}`;
  const command = (overrides: Partial<CommandLike> = {}): CommandLike => ({
    channelId: '700',
    guildId: '800',
    userId: ALICE,
    locale: 'en-US',
    guildLocale: 'fr',
    options: {},
    ...overrides,
  });

  test('the question, with the client and address given as options', () => {
    expect(commandToInbound(command({ options: { question: ' imap port? ', client: 'thunderbird', email: ' bob@example.org ' } }), 'fr', ask)).toEqual({
      platform: 'discord',
      conversationId: 'discord:ch:700:u:' + ALICE,
      userId: ALICE,
      text: 'imap port?',
      localeHint: 'en-US',
      client: 'thunderbird',
      email: 'bob@example.org',
    });
  });

  test('only a client: asks for its guide, worded in the user language', () => {
    expect(commandToInbound(command({ locale: 'fr', options: { client: 'outlook' } }), 'en', ask)).toMatchObject({ text: 'fr: set up outlook', client: 'outlook' });
  });

  test('only an address: the question stays empty and the address personalises the answer', () => {
    const inbound = commandToInbound(command({ options: { email: 'bob@example.org' } }), 'fr', ask);
    expect(inbound.text).toBe('');
    expect(inbound.choice).toBeUndefined();
    expect(inbound.email).toBe('bob@example.org');
  });

  test('no option at all: the help answer, in the user language', () => {
    const inbound = commandToInbound(command(), 'fr', ask);
    expect(inbound).toMatchObject({ text: '', localeHint: 'en-US' });
    expect(createTestBot().process(inbound)).toMatchObject({ understanding: { intent: 'help' }, reply: { lang: 'en' } });
  });

  test('an unknown client value is ignored', () => {
    expect(commandToInbound(command({ options: { question: 'ports', client: 'lotus_notes' } }), 'fr', ask).client).toBeUndefined();
  });

  test('in a DM the conversation is the DM', () => {
    expect(commandToInbound(command({ guildId: null, guildLocale: null, channelId: '42' }), 'fr', ask).conversationId).toBe('discord:dm:42');
  });
});

describe('language hint', () => {
  test('the user locale first, then the server locale, skipping languages the bot does not speak', () => {
    expect(localeHint('en-US', 'fr')).toBe('en-US');
    expect(localeHint('de', 'fr')).toBe('fr');
    expect(localeHint('de', 'es-ES')).toBeUndefined();
    expect(localeHint(undefined, null)).toBeUndefined();
  });
});

describe('conversations and buttons', () => {
  test('slash commands are per user in a channel, mentions per channel, DMs per DM', () => {
    expect(conversationId({ channelId: '7', guildId: '8', userId: '9' }, 'u')).toBe('discord:ch:7:u:9');
    expect(conversationId({ channelId: '7', guildId: '8', userId: '9' }, 'c')).toBe('discord:ch:7');
    expect(conversationId({ channelId: '7', guildId: null, userId: '9' }, 'u')).toBe('discord:dm:7');
  });

  test('a clicked suggestion continues the conversation its button names', () => {
    const click = { channelId: '7', guildId: '8', userId: '9', locale: 'fr' };
    expect(suggestionToInbound(click, 'c', 'mc1|fr|ports')).toEqual({
      platform: 'discord',
      conversationId: 'discord:ch:7',
      userId: '9',
      text: '',
      choice: 'mc1|fr|ports',
      localeHint: 'fr',
    });
  });

  test('button ids round-trip and stay within 100 characters', () => {
    for (const button of [
      { action: 'ask', scope: 'u', choice: 'mc1|fr|troubleshooting|c=outlook_mac|s=certificate_warning' },
      { action: 'share' },
      { action: 'human', scope: 'c' },
    ] as const) {
      const id = encodeButton(button);
      expect(id.length).toBeLessThanOrEqual(100);
      expect(decodeButton(id)).toEqual(button);
    }
  });

  test.each(['', 'ask', 'ask:x:mc1|fr|ports', 'ask:u:', 'human:u:extra', 'delete:u', `ask:u:${'x'.repeat(100)}`])('a forged or unknown id "%s" decodes to null', (id) => {
    expect(decodeButton(id)).toBeNull();
  });
});
