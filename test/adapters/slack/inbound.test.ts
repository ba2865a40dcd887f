import { clickToInbound, commandToInbound, mentionToInbound, messageToInbound, slackToPlain, type MapperContext } from '../../../src/adapters/slack/inbound';
import type { SlackBlockActions, SlackMessageEvent } from '../../../src/adapters/slack/payloads';

const ctx: MapperContext = { botUserId: 'UBOT', teamId: 'T1' };

function dm(overrides: Partial<SlackMessageEvent> = {}): SlackMessageEvent {
  return { type: 'message', channel_type: 'im', channel: 'D1', user: 'U1', text: 'imap port', ts: '100.1', ...overrides };
}

function channelMessage(overrides: Partial<SlackMessageEvent> = {}): SlackMessageEvent {
  return { type: 'message', channel_type: 'channel', channel: 'C1', user: 'U1', text: '<@UBOT> imap port', ts: '200.1', ...overrides };
}

describe('slackToPlain', () => {
  test.each([
    ['<@UBOT> imap port', 'imap port'],
    ['<@UBOT|mailconfig> port?', 'port?'],
    ['ask <@U2|alice> or <@U3>', 'ask @alice or @user'],
    ['my address is <mailto:bob@example.com|bob@example.com>', 'my address is bob@example.com'],
    ['see <https://example.com/help|the help> and <https://example.com>', 'see the help and https://example.com'],
    ['in <#C1|general> <!here> <!subteam^S1|@support>', 'in #general @here @support'],
    ['a &amp; b &lt;!channel&gt;', 'a & b <!channel>'],
    ['  spaced \n out  ', 'spaced out'],
  ])('%j → %j', (input, expected) => {
    expect(slackToPlain(input, 'UBOT')).toBe(expected);
  });
});

describe('messageToInbound: what the bot must ignore', () => {
  test.each<[string, SlackMessageEvent]>([
    ['its own messages', dm({ user: 'UBOT' })],
    ['other bots', dm({ bot_id: 'B2' })],
    ['bot_message subtype', dm({ subtype: 'bot_message', user: undefined })],
    ['edits', dm({ subtype: 'message_changed' })],
    ['an edited flag without subtype', dm({ edited: { user: 'U1', ts: '1' } })],
    ['deletions', dm({ subtype: 'message_deleted' })],
    ['joins', channelMessage({ subtype: 'channel_join', text: '<@U1> has joined' })],
    ['thread broadcasts', channelMessage({ subtype: 'thread_broadcast' })],
    ['hidden messages', dm({ hidden: true })],
    ['messages without a user', dm({ user: undefined })],
    ['channel messages that do not mention the bot', channelMessage({ text: 'imap port' })],
    ['a mention of someone else', channelMessage({ text: '<@UOTHER> imap port' })],
    ['another event type', dm({ type: 'reaction_added' })],
  ])('%s', (_name, event) => {
    expect(messageToInbound(event, ctx)).toBeNull();
  });
});

describe('messageToInbound: what the bot answers, and where', () => {
  test('a DM: in the DM, one conversation per user', () => {
    const inbound = messageToInbound(dm({ text: '<@UBOT> &lt;b&gt; imap' }), ctx)!;
    expect(inbound.place).toEqual({ kind: 'dm', team: 'T1', user: 'U1', channel: 'D1', threadTs: undefined });
    expect(inbound.message).toEqual({ platform: 'slack', conversationId: 'slack:T1:dm:U1', userId: 'U1', text: '<b> imap' });
    expect(inbound.deliveryKey).toBe('slack:msg:D1:100.1');
  });

  test('a channel message that mentions the bot: in its thread, deduplicated with app_mention', () => {
    const event = channelMessage();
    const asMessage = messageToInbound(event, ctx)!;
    const asMention = mentionToInbound({ ...event, type: 'app_mention', channel_type: undefined }, ctx)!;
    expect(asMessage.place).toEqual({ kind: 'thread', team: 'T1', channel: 'C1', threadTs: '200.1', user: 'U1' });
    expect(asMention.place).toEqual(asMessage.place);
    expect(asMention.deliveryKey).toBe(asMessage.deliveryKey);
    expect(asMention.message.conversationId).toBe('slack:T1:C1:200.1:user:U1');
  });
});

describe('mentionToInbound', () => {
  test('a mention inside a thread continues that thread (the root ts)', () => {
    const inbound = mentionToInbound({ type: 'app_mention', channel: 'C1', user: 'U1', text: '<@UBOT> and for POP?', ts: '300.5', thread_ts: '300.1' }, ctx)!;
    expect(inbound.place).toEqual({ kind: 'thread', team: 'T1', channel: 'C1', threadTs: '300.1', user: 'U1' });
    expect(inbound.message.text).toBe('and for POP?');
  });

  test('a bare mention has empty text (the adapter shows the help card)', () => {
    expect(mentionToInbound({ type: 'app_mention', channel: 'C1', user: 'U1', text: '<@UBOT>', ts: '1.1' }, ctx)!.message.text).toBe('');
  });

  test.each<[string, Partial<SlackMessageEvent>]>([
    ['from a bot', { bot_id: 'B1' }],
    ['edited', { edited: { ts: '1' } }],
    ['with a subtype', { subtype: 'bot_message' }],
    ['from itself', { user: 'UBOT' }],
  ])('ignored when %s', (_name, overrides) => {
    expect(mentionToInbound({ type: 'app_mention', channel: 'C1', user: 'U1', text: '<@UBOT> hi', ts: '1.1', ...overrides }, ctx)).toBeNull();
  });
});

describe('commandToInbound', () => {
  test('the text is the question; one conversation per user per channel; answered ephemerally', () => {
    const inbound = commandToInbound({ command: '/mailconfig', text: 'outlook port', user_id: 'U1', channel_id: 'C1', response_url: 'https://hooks.slack.com/x' }, ctx)!;
    expect(inbound.place).toEqual({ kind: 'ephemeral', team: 'T1', channel: 'C1', user: 'U1', responseUrl: 'https://hooks.slack.com/x' });
    expect(inbound.message).toEqual({ platform: 'slack', conversationId: 'slack:T1:C1:user:U1', userId: 'U1', text: 'outlook port' });
  });

  test('two users in one channel have separate conversations', () => {
    const a = commandToInbound({ text: 'x', user_id: 'U1', channel_id: 'C1' }, ctx)!;
    const b = commandToInbound({ text: 'x', user_id: 'U2', channel_id: 'C1' }, ctx)!;
    expect(a.message.conversationId).not.toBe(b.message.conversationId);
  });
});

describe('clickToInbound', () => {
  const click = (action: { action_id: string; value: string }, where: Partial<SlackBlockActions>): SlackBlockActions => ({ type: 'block_actions', user: { id: 'U1' }, actions: [action], ...where });

  test('a suggestion under an ephemeral answer continues the slash-command conversation', () => {
    const result = clickToInbound(click({ action_id: 'mc_choice_2', value: 'mc1|en|ports' }, { container: { type: 'message', channel_id: 'C1', is_ephemeral: true }, response_url: 'https://hooks/x' }), ctx);
    expect(result).toEqual({
      kind: 'choice',
      place: { kind: 'ephemeral', team: 'T1', channel: 'C1', user: 'U1', responseUrl: 'https://hooks/x' },
      message: { platform: 'slack', conversationId: 'slack:T1:C1:user:U1', userId: 'U1', text: '', choice: 'mc1|en|ports' },
    });
  });

  test('a suggestion in a thread continues the thread', () => {
    const result = clickToInbound(click({ action_id: 'mc_choice_0', value: 'mc1|fr|ports' }, { container: { type: 'message', channel_id: 'C1', message_ts: '9.9', thread_ts: '9.1' } }), ctx);
    expect(result?.place).toEqual({ kind: 'thread', team: 'T1', channel: 'C1', threadTs: '9.1', user: 'U1' });
  });

  test('a button on a top-level message (a shared answer) starts a thread under it', () => {
    const result = clickToInbound(click({ action_id: 'mc_choice_0', value: 'mc1|fr|ports' }, { container: { type: 'message', channel_id: 'C1', message_ts: '9.9' } }), ctx);
    expect(result?.place).toEqual({ kind: 'thread', team: 'T1', channel: 'C1', threadTs: '9.9', user: 'U1' });
  });

  test('a button in the DM or on the Home tab continues the DM conversation', () => {
    const inDm = clickToInbound(click({ action_id: 'mc_choice_0', value: 'v' }, { container: { type: 'message', channel_id: 'D1', message_ts: '1.1' } }), ctx);
    const onHome = clickToInbound(click({ action_id: 'mc_choice_0', value: 'v' }, { container: { type: 'view' } }), ctx);
    expect(inDm?.place).toEqual({ kind: 'dm', team: 'T1', user: 'U1', channel: 'D1', threadTs: undefined });
    expect(onHome?.place).toEqual({ kind: 'dm', team: 'T1', user: 'U1', channel: 'U1' });
    expect(inDm?.kind === 'choice' && onHome?.kind === 'choice' && inDm.message.conversationId === onHome.message.conversationId).toBe(true);
  });

  test('a payload without `container` is placed from its channel, message and view', () => {
    const thread = clickToInbound(click({ action_id: 'mc_choice_0', value: 'v' }, { channel: { id: 'C1' }, message: { ts: '5.5', thread_ts: '5.1' } }), ctx);
    const ephemeral = clickToInbound(click({ action_id: 'mc_choice_0', value: 'v' }, { channel: { id: 'C1' }, response_url: 'https://hooks/y' }), ctx);
    const home = clickToInbound(click({ action_id: 'mc_choice_0', value: 'v' }, { view: { id: 'V1', type: 'home' } }), ctx);
    expect(thread?.place).toEqual({ kind: 'thread', team: 'T1', channel: 'C1', threadTs: '5.1', user: 'U1' });
    expect(ephemeral?.place).toEqual({ kind: 'ephemeral', team: 'T1', channel: 'C1', user: 'U1', responseUrl: 'https://hooks/y' });
    expect(home?.place).toEqual({ kind: 'dm', team: 'T1', user: 'U1', channel: 'U1' });
  });

  test('Share and Talk to a human are recognised; unknown buttons and payloads are not', () => {
    const where = { container: { type: 'message', channel_id: 'C1', is_ephemeral: true } };
    expect(clickToInbound(click({ action_id: 'mc_share', value: 'en|id' }, where), ctx)?.kind).toBe('share');
    expect(clickToInbound(click({ action_id: 'mc_handoff', value: 'en' }, where), ctx)?.kind).toBe('handoff');
    expect(clickToInbound(click({ action_id: 'somebody_else', value: 'x' }, where), ctx)).toBeNull();
    expect(clickToInbound({ ...click({ action_id: 'mc_share', value: 'x' }, where), type: 'view_submission' }, ctx)).toBeNull();
    expect(clickToInbound(click({ action_id: 'mc_choice_0', value: 'x' }, {}), ctx)).toBeNull();
  });
});
