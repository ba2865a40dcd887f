import { fallbackLanguage, langFromLocale, type InboundMessage } from '../../core';
import { isClient, type ClientId, type Lang } from '../../domain';
import type { Scope } from './custom-ids';

/**
 * Pure mappers from what Discord delivers to `InboundMessage`, or null for what the bot must
 * ignore. They read plain fields (which discord.js objects happen to have), so tests need no
 * client and no network.
 */

export const PLATFORM = 'discord';

/** Where something happened: a server channel (with `guildId`) or a DM channel. */
export interface Place {
  channelId: string;
  guildId: string | null;
  userId: string;
}

/**
 * The conversation a message continues, for follow-ups: the DM itself; in a server, each
 * member's own exchange in the channel (scope `u`), for mentions as for slash commands and
 * their buttons: several people may ask in one channel, and nobody may continue (or get a
 * setup file for) another's question. Scope `c`, the channel as one conversation, is only
 * read back from buttons posted by earlier versions of the bot.
 */
export function conversationId(place: Place, scope: Scope): string {
  if (!place.guildId) return `${PLATFORM}:dm:${place.channelId}`;
  return scope === 'c' ? `${PLATFORM}:ch:${place.channelId}` : `${PLATFORM}:ch:${place.channelId}:u:${place.userId}`;
}

/**
 * The platform's idea of the user's language, for when the text cannot tell: the user's
 * Discord locale, else the server's preferred locale (first of them the bot speaks).
 */
export function localeHint(userLocale: string | null | undefined, guildLocale: string | null | undefined): string | undefined {
  for (const locale of [userLocale, guildLocale]) if (locale && langFromLocale(locale)) return locale;
  return undefined;
}

/** The parts of a discord.js `Message` the mapper reads. */
export interface MessageLike extends Omit<Place, 'userId'> {
  content: string;
  author: { id: string; bot: boolean; system?: boolean | null };
  /** Set when a webhook posted the message. */
  webhookId?: string | null;
  /** Discord's message type: 0 default, 19 reply; the rest are joins, pins, boosts… */
  type: number;
  /** IDs of users the message mentions (explicitly, or by replying to them with a ping). */
  mentionedUserIds: readonly string[];
  /** The server's preferred locale, when in a server. */
  guildLocale?: string | null;
}

export interface MessageContext {
  botUserId: string;
}

const USER_MESSAGE_TYPES = new Set([0, 19]);

/**
 * A mention in a server channel or any direct message becomes a question; everything else is
 * ignored: the bot's own messages, other bots and webhooks, system messages, and server
 * messages that do not mention the bot (the bot does not read channels).
 */
export function messageToInbound(message: MessageLike, context: MessageContext): InboundMessage | null {
  if (message.author.bot || message.author.system || message.webhookId || message.author.id === context.botUserId) return null;
  if (!USER_MESSAGE_TYPES.has(message.type)) return null;
  const mentioned = message.mentionedUserIds.includes(context.botUserId) || mentionPattern(context.botUserId).test(message.content);
  if (message.guildId && !mentioned) return null;
  const hint = localeHint(undefined, message.guildLocale);
  const inbound: InboundMessage = {
    platform: PLATFORM,
    // Each member's own conversation, even in a shared channel (see conversationId).
    conversationId: conversationId({ ...message, userId: message.author.id }, 'u'),
    userId: message.author.id,
    // "@bot" alone leaves no text: the core answers it with what the bot can do.
    text: stripMarkup(message.content, context.botUserId),
  };
  if (hint) inbound.localeHint = hint;
  return inbound;
}

function mentionPattern(userId: string): RegExp {
  return new RegExp(`<@!?${userId}>`);
}

/**
 * Removes Discord markup the bot cannot understand: mentions of itself, of others, of roles
 * and channels, custom emoji, and @everyone/@here. What is left is the question.
 */
export function stripMarkup(content: string, botUserId: string): string {
  return content
    .replace(new RegExp(`<@!?${botUserId}>`, 'g'), ' ')
    .replace(/<(@[!&]?|#)\d+>/g, ' ')
    .replace(/<a?:\w+:\d+>/g, ' ')
    .replace(/@(everyone|here)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The options of `/mailconfig` as Discord delivered them (canonical names, unchecked values). */
export interface CommandOptions {
  question?: string | null;
  client?: string | null;
  email?: string | null;
}

export interface CommandLike extends Place {
  /** The user's Discord locale (always sent by Discord with an interaction). */
  locale?: string | null;
  guildLocale?: string | null;
  options: CommandOptions;
}

/** How to word a question for a command that names only a client ("How do I set up Thunderbird?"). */
export type ClientQuestion = (lang: Lang, client: ClientId) => string;

/**
 * A `/mailconfig` command. Without a question it asks for the chosen client's guide, worded in
 * the user's language; otherwise an empty question (only an address, or nothing) is left to
 * the core, which answers it with what the bot can do.
 */
export function commandToInbound(command: CommandLike, defaultLang: Lang, clientQuestion: ClientQuestion): InboundMessage {
  const hint = localeHint(command.locale, command.guildLocale);
  const client = isClient(command.options.client) ? command.options.client : undefined;
  const email = command.options.email?.trim() || undefined;
  let text = command.options.question?.trim() ?? '';
  if (!text && client) text = clientQuestion(fallbackLanguage({ localeHint: hint }, defaultLang), client);
  const inbound: InboundMessage = { platform: PLATFORM, conversationId: conversationId(command, 'u'), userId: command.userId, text };
  if (hint) inbound.localeHint = hint;
  if (client) inbound.client = client;
  if (email) inbound.email = email;
  return inbound;
}

export interface ButtonLike extends Place {
  locale?: string | null;
  guildLocale?: string | null;
}

/**
 * A clicked suggestion: the choice it carries, in the conversation its scope names. Without a
 * choice (a button the bot cannot read) it is an empty message, which the core answers with help.
 */
export function suggestionToInbound(click: ButtonLike, scope: Scope, choice: string | undefined): InboundMessage {
  const inbound: InboundMessage = { platform: PLATFORM, conversationId: conversationId(click, scope), userId: click.userId, text: '' };
  if (choice) inbound.choice = choice;
  const hint = localeHint(click.locale, click.guildLocale);
  if (hint) inbound.localeHint = hint;
  return inbound;
}
