import { guildCreate } from '../../../src/bench/discord-fakes';
import { snowflake } from '../../fakes/discord-ids';

/** The small Discord world the end-to-end tests run in. */
export const WORLD = {
  token: 'test-token.not-a-real-one',
  appId: snowflake(),
  bot: { id: snowflake(), username: 'mailconfig' },
  guildId: snowflake(),
  channelId: snowflake(),
  supportChannelId: snowflake(),
  dmChannelId: snowflake(),
  alice: { id: snowflake(), username: 'alice_b' },
  otherBot: { id: snowflake(), username: 'otherbot', bot: true },
};

function user(u: { id: string; username: string; bot?: boolean }) {
  return { id: u.id, username: u.username, discriminator: '0', global_name: null, avatar: null, ...(u.bot ? { bot: true } : {}) };
}

function member(u: { id: string; username: string }) {
  return { user: user(u), roles: [], joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0, permissions: '2248473465835073' };
}

function textChannel(id: string, name: string) {
  return { id, type: 0, name, guild_id: WORLD.guildId, position: 0, permission_overwrites: [], nsfw: false, parent_id: null, topic: null, rate_limit_per_user: 0, last_message_id: null };
}

/** The server sent in GUILD_CREATE: French-speaking, with a help channel and a support channel. */
export function guild(preferredLocale = 'fr') {
  return guildCreate({
    id: WORLD.guildId,
    name: 'Example Hosting customers',
    ownerId: WORLD.alice.id,
    preferredLocale,
    channels: [textChannel(WORLD.channelId, 'help'), textChannel(WORLD.supportChannelId, 'support')],
    members: [member(WORLD.bot)],
  });
}

export interface InteractionOverrides {
  locale?: string;
  /** Null for a DM. */
  guildId?: string | null;
  guildLocale?: string;
  channelId?: string;
  from?: { id: string; username: string };
}

/** Fields every interaction carries; `id` and `token` are what the callback URL is made of. */
function interaction(type: number, data: unknown, o: InteractionOverrides = {}) {
  const guildId = o.guildId === undefined ? WORLD.guildId : o.guildId;
  const from = o.from ?? WORLD.alice;
  const channelId = o.channelId ?? (guildId ? WORLD.channelId : WORLD.dmChannelId);
  return {
    id: snowflake(),
    application_id: WORLD.appId,
    type,
    token: `itoken-${snowflake()}`,
    version: 1,
    locale: o.locale ?? 'en-US',
    app_permissions: '2248473465835073',
    entitlements: [],
    authorizing_integration_owners: { 0: guildId ?? undefined },
    context: guildId ? 0 : 1,
    channel_id: channelId,
    channel: guildId ? textChannel(channelId, 'help') : { id: channelId, type: 1, recipients: [user(from)] },
    ...(guildId ? { guild_id: guildId, guild_locale: o.guildLocale ?? 'fr', member: member(from) } : { user: user(from) }),
    data,
  };
}

export type CommandOptionValues = { question?: string; client?: string; email?: string; public?: boolean };

/** `/mailconfig` as Discord sends it: canonical option names, whatever the user's language. */
export function slashCommand(options: CommandOptionValues = {}, o: InteractionOverrides = {}) {
  const list = Object.entries(options).map(([name, value]) => ({ name, type: typeof value === 'boolean' ? 5 : 3, value }));
  return interaction(2, { id: snowflake(), name: 'mailconfig', type: 1, options: list }, o);
}

/** The user typing in the `question` option. */
export function autocomplete(typed: string, o: InteractionOverrides = {}) {
  return interaction(4, { id: snowflake(), name: 'mailconfig', type: 1, options: [{ name: 'question', type: 3, value: typed, focused: true }] }, o);
}

export interface ClickedMessage {
  embeds?: unknown[];
  components?: unknown[];
  /** 64 for an ephemeral message. */
  flags?: number;
}

/** A click on a button of a message the bot sent. */
export function buttonClick(customId: string, clicked: ClickedMessage = {}, o: InteractionOverrides = {}) {
  const base = interaction(3, { custom_id: customId, component_type: 2 }, o);
  return {
    ...base,
    message: {
      id: snowflake(),
      channel_id: base.channel_id,
      type: 20,
      content: '',
      embeds: clicked.embeds ?? [],
      components: clicked.components ?? [],
      flags: clicked.flags ?? 0,
      author: user(WORLD.bot),
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      pinned: false,
      application_id: WORLD.appId,
    },
  };
}

export interface MessageOverrides {
  /** Omit for a DM. */
  guildId?: string | null;
  channelId?: string;
  author?: { id: string; username: string; bot?: boolean };
  mentions?: Array<{ id: string; username: string; bot?: boolean }>;
  type?: number;
}

/** MESSAGE_CREATE. In a server the gateway sends content only for messages that mention the bot. */
export function messageCreate(content: string, o: MessageOverrides = {}) {
  const guildId = o.guildId === undefined ? WORLD.guildId : o.guildId;
  const author = o.author ?? WORLD.alice;
  return {
    id: snowflake(),
    channel_id: o.channelId ?? (guildId ? WORLD.channelId : WORLD.dmChannelId),
    ...(guildId ? { guild_id: guildId, member: member(author) } : {}),
    author: user(author),
    content,
    type: o.type ?? 0,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: (o.mentions ?? []).map(user),
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    flags: 0,
  };
}
