import { snowflake } from '../../fakes/discord-ids';
import type { RestCall } from '../../fakes/discord-rest';
import { messageCreate, WORLD } from './builders';
import { buttonsOf, startHarness, visibleText, type Harness } from './harness';
import { failOnUnhandledRejections } from './guards';

failOnUnhandledRejections();

/** Mentions in a server channel and direct messages, end to end through the real discord.js client. */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const mention = `<@${WORLD.bot.id}>`;
const postedIn = (channelId: string) => (call: RestCall) => call.method === 'POST' && call.path === `/channels/${channelId}/messages`;

test('a mention in a server channel is answered with a reply to that message, in French', async () => {
  const message = messageCreate(`${mention} quel est le port smtp ?`, { mentions: [WORLD.bot] });
  const reply = await h.send('MESSAGE_CREATE', message, postedIn(WORLD.channelId));
  expect(reply.body.message_reference).toMatchObject({ message_id: message.id, fail_if_not_exists: false });
  expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  expect(reply.body.flags ?? 0).toBe(0);
  expect(visibleText(reply.body)).toContain('(SMTP)');
  expect(visibleText(reply.body)).toContain('465');
  // Buttons under a channel answer continue the conversation of whoever clicks: nobody continues another member's.
  expect(buttonsOf(reply.body).map((b) => b.custom_id)).toContain('ask:u:mc1|fr|encryption');
});

test('a DM is answered without a mention, in English, and without a "Show to channel" button', async () => {
  // No channel_type on purpose: DMs must still arrive (see the adapter's Raw hook).
  const message = messageCreate('what is the imap port?', { guildId: null });
  const reply = await h.send('MESSAGE_CREATE', message, postedIn(WORLD.dmChannelId));
  expect(reply.body.message_reference).toMatchObject({ message_id: message.id });
  expect(visibleText(reply.body)).toContain('(IMAP)');
  expect(visibleText(reply.body)).toContain('993');
  expect(reply.body.allowed_mentions.parse).toEqual([]);
  expect(buttonsOf(reply.body).map((b) => b.custom_id)).not.toContain('share');
});

test('a DM follow-up continues the conversation ("and for POP?")', async () => {
  await h.send('MESSAGE_CREATE', { ...messageCreate('what is the imap port?', { guildId: null }), channel_type: 1 }, postedIn(WORLD.dmChannelId));
  const reply = await h.send('MESSAGE_CREATE', { ...messageCreate('and for pop?', { guildId: null }), channel_type: 1 }, postedIn(WORLD.dmChannelId));
  expect(visibleText(reply.body)).toContain('995');
});

test('@everyone, @here and role mentions in the question cannot make the bot ping', async () => {
  const message = messageCreate(`${mention} @everyone @here <@&123456789012345678> smtp port?`, { mentions: [WORLD.bot] });
  const reply = await h.send('MESSAGE_CREATE', message, postedIn(WORLD.channelId));
  expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  expect(visibleText(reply.body)).toContain('465');
});

test('the bot ignores other bots, itself, and server messages that do not mention it', async () => {
  const since = h.rest.calls.length;
  h.gateway.dispatch('MESSAGE_CREATE', messageCreate(`${mention} quel port smtp ?`, { author: WORLD.otherBot, mentions: [WORLD.bot] }));
  h.gateway.dispatch('MESSAGE_CREATE', messageCreate(`${mention} quel port smtp ?`, { author: { ...WORLD.bot, bot: true }, mentions: [WORLD.bot] }));
  h.gateway.dispatch('MESSAGE_CREATE', messageCreate('quel port smtp ?'));
  // Then one that must be answered: once its reply is in, nothing else may have been sent.
  const marker = messageCreate(`${mention} merci !`, { mentions: [WORLD.bot] });
  await h.send('MESSAGE_CREATE', marker, postedIn(WORLD.channelId));
  const sent = h.rest.calls.slice(since).filter((c) => c.method === 'POST');
  expect(sent.map((c) => c.body.message_reference?.message_id)).toEqual([marker.id]);
});

test('a mention in a channel discord.js was not told about (no channel_type either) is still answered', async () => {
  const newChannel = snowflake();
  const message = messageCreate(`${mention} port imap ?`, { mentions: [WORLD.bot], channelId: newChannel });
  const reply = await h.send('MESSAGE_CREATE', message, postedIn(newChannel));
  expect(visibleText(reply.body)).toContain('993');
});

test('when Discord refuses the reply, the user still gets a short apology in their language', async () => {
  const message = messageCreate(`${mention} what is the smtp server?`, { mentions: [WORLD.bot] });
  h.rest.failNext(postedIn(WORLD.channelId));
  const since = h.rest.calls.length;
  h.gateway.dispatch('MESSAGE_CREATE', message);
  const apology = await h.rest.waitFor((c) => postedIn(WORLD.channelId)(c) && Boolean(c.body?.content), since);
  expect(apology.body.content).toMatch(/^Sorry, something went wrong on my side.*[0-9A-F]{8}\.$/);
  expect(apology.body.message_reference).toMatchObject({ message_id: message.id });
  expect(apology.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
});

test("in a shared channel, one member's address and question never carry over to another member", async () => {
  const bob = { id: snowflake(), username: 'bob_c' };
  const channelId = snowflake();
  await h.send('MESSAGE_CREATE', messageCreate(`${mention} imap server for alice@corp-example.fr`, { mentions: [WORLD.bot], channelId }), postedIn(channelId));
  const second = await h.send('MESSAGE_CREATE', messageCreate(`${mention} iphone profile please`, { mentions: [WORLD.bot], channelId, author: bob }), postedIn(channelId));
  expect(second.files ?? []).toEqual([]);
  expect(visibleText(second.body)).not.toContain('corp-example.fr');
  expect(visibleText(second.body)).toContain('I need your email address');
});
