import { createHash } from 'node:crypto';
import type { InboundMessage } from '../../core';
import { ACTION, CHOICE_ACTION } from './action-ids';
import type { SlackBlockActions, SlackCommand, SlackMessageEvent } from './payloads';
import { conversationIdOf, isDirectMessageChannel, type Place } from './place';
import { unescapeSlack, wellFormed } from './text';

/** What the mappers need to know about the bot itself. */
export interface MapperContext {
  /** The bot's user ID (from auth.test): its mention is stripped, its messages ignored. */
  botUserId: string;
  /**
   * The bot's workspace (auth.test). Conversation IDs use it rather than each payload's team,
   * which differs between events and clicks in shared channels: a thread must keep one ID.
   */
  teamId: string;
}

/** A Slack message turned into a bot message, with where to answer it. */
export interface SlackInbound {
  /** `localeHint` is added later: it needs a `users.info` call. */
  message: InboundMessage;
  place: Place;
  /**
   * What tells two deliveries of the same thing apart from two things (see `firstDelivery`):
   * a message is its channel and ts (it may arrive as `app_mention` and as `message`, and again
   * as Slack's retries); a command, a hash of its payload.
   */
  deliveryKey: string;
}

/** A button click: the bot message it stands for, or one of the adapter's own buttons. */
export type SlackClick =
  | { kind: 'choice'; place: Place; message: InboundMessage }
  | { kind: 'share'; place: Place; userId: string; value: string }
  | { kind: 'handoff'; place: Place; userId: string; value: string };

/**
 * The de-duplication key of a payload Slack may deliver twice (to two replicas, or again): a
 * hash of the payload itself, since every invocation differs from the next (its trigger_id,
 * its action_ts) while a copy is the same to the byte.
 */
export function payloadKey(kind: 'command' | 'action', payload: unknown): string {
  return `slack:${kind}:${createHash('sha256').update(JSON.stringify(payload)).digest('base64url').slice(0, 32)}`;
}

function messageKey(event: SlackMessageEvent): string {
  return `slack:msg:${event.channel}:${event.ts}`;
}

/**
 * Slack markup back to what the user typed: the bot's own mention removed, other mentions,
 * channels and links shown by their label, `&amp; &lt; &gt;` undone.
 */
export function slackToPlain(text: string, botUserId: string): string {
  const plain = text.replace(/<([^<>]*)>/g, (_whole, inner: string) => {
    const bar = inner.indexOf('|');
    const target = bar >= 0 ? inner.slice(0, bar) : inner;
    const label = bar >= 0 ? inner.slice(bar + 1) : '';
    if (target.startsWith('@')) return target.slice(1) === botUserId ? ' ' : `@${label.replace(/^@/, '') || 'user'}`;
    if (target.startsWith('#')) return `#${label || 'channel'}`;
    if (target.startsWith('!')) return label || `@${target.slice(1).split('^')[0]}`;
    if (target.startsWith('mailto:')) return label || target.slice('mailto:'.length);
    return label || target;
  });
  return wellFormed(unescapeSlack(plain)).replace(/\s+/g, ' ').trim();
}

function mentionsBot(text: string, botUserId: string): boolean {
  return text.includes(`<@${botUserId}>`) || text.includes(`<@${botUserId}|`);
}

/** Messages the bot must never answer: its own, other bots', edits, joins and every other subtype. */
function isIgnored(event: SlackMessageEvent, ctx: MapperContext): boolean {
  return Boolean(event.subtype || event.bot_id || event.edited || event.hidden || !event.user || event.user === ctx.botUserId);
}

function message(place: Place, userId: string, text: string): InboundMessage {
  return { platform: 'slack', conversationId: conversationIdOf(place), userId, text };
}

/**
 * A `message` event: a DM is answered in the DM; a channel message only when it mentions the
 * bot (then in its thread, like `app_mention`). Null for everything the bot must ignore.
 */
export function messageToInbound(event: SlackMessageEvent, ctx: MapperContext): SlackInbound | null {
  if (event.type !== 'message' || isIgnored(event, ctx) || !event.channel || !event.ts) return null;
  const team = ctx.teamId;
  const raw = event.text ?? '';
  const text = slackToPlain(raw, ctx.botUserId);
  if (event.channel_type === 'im' || isDirectMessageChannel(event.channel)) {
    const place: Place = { kind: 'dm', team, user: event.user!, channel: event.channel, threadTs: event.thread_ts };
    return { message: message(place, event.user!, text), place, deliveryKey: messageKey(event) };
  }
  if (!mentionsBot(raw, ctx.botUserId)) return null;
  const place: Place = { kind: 'thread', team, channel: event.channel, threadTs: event.thread_ts ?? event.ts, user: event.user! };
  return { message: message(place, event.user!, text), place, deliveryKey: messageKey(event) };
}

/** An `app_mention` event: answered in the message's thread (in a DM, in the DM). */
export function mentionToInbound(event: SlackMessageEvent, ctx: MapperContext): SlackInbound | null {
  if (event.type !== 'app_mention' || isIgnored(event, ctx) || !event.channel || !event.ts) return null;
  const team = ctx.teamId;
  const text = slackToPlain(event.text ?? '', ctx.botUserId);
  const place: Place = isDirectMessageChannel(event.channel)
    ? { kind: 'dm', team, user: event.user!, channel: event.channel, threadTs: event.thread_ts }
    : { kind: 'thread', team, channel: event.channel, threadTs: event.thread_ts ?? event.ts, user: event.user! };
  return { message: message(place, event.user!, text), place, deliveryKey: messageKey(event) };
}

/** A slash command: the text after it is the question; the answer is ephemeral. */
export function commandToInbound(command: SlackCommand, ctx: MapperContext): SlackInbound | null {
  if (!command.user_id || !command.channel_id) return null;
  const place: Place = {
    kind: 'ephemeral',
    team: ctx.teamId,
    channel: command.channel_id,
    user: command.user_id,
    responseUrl: command.response_url,
  };
  return { message: message(place, command.user_id, slackToPlain(command.text ?? '', ctx.botUserId)), place, deliveryKey: payloadKey('command', command) };
}

/**
 * Where a clicked button lives: an ephemeral answer, a thread, the DM, or the App Home tab
 * (answered in the DM). Slack says so in `container`; older or trimmed payloads only carry
 * `channel`, `message` and `view`, which tell the same.
 */
function clickPlace(body: SlackBlockActions, user: string, team: string): Place | null {
  const container = body.container ?? {};
  if (container.type === 'view' || (!container.type && body.view)) return { kind: 'dm', team, user, channel: user };
  const channel = container.channel_id ?? body.channel?.id;
  if (!channel) return null;
  // An ephemeral message is not in the payload; only its response_url is.
  const ephemeral = container.is_ephemeral ?? (!body.message && Boolean(body.response_url));
  if (ephemeral) return { kind: 'ephemeral', team, channel, user, responseUrl: body.response_url };
  const threadTs = container.thread_ts ?? body.message?.thread_ts;
  if (isDirectMessageChannel(channel)) return { kind: 'dm', team, user, channel, threadTs };
  const root = threadTs ?? container.message_ts ?? body.message?.ts;
  return root ? { kind: 'thread', team, channel, threadTs: root, user } : null;
}

/** A `block_actions` click on one of this adapter's buttons; null for anything else. */
export function clickToInbound(body: SlackBlockActions, ctx: MapperContext): SlackClick | null {
  const action = body.actions?.[0];
  const user = body.user?.id;
  if (body.type !== 'block_actions' || !action?.action_id || !user || typeof action.value !== 'string') return null;
  const place = clickPlace(body, user, ctx.teamId);
  if (!place) return null;
  if (CHOICE_ACTION.test(action.action_id)) {
    return { kind: 'choice', place, message: { ...message(place, user, ''), choice: action.value } };
  }
  if (action.action_id === ACTION.share) return { kind: 'share', place, userId: user, value: action.value };
  if (action.action_id === ACTION.handoff) return { kind: 'handoff', place, userId: user, value: action.value };
  return null;
}
