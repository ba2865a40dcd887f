import { deepFreeze } from '../../lib/freeze';
import { randomUUID } from 'node:crypto';
import { encodeChoice, langFromLocale, type InboundMessage, type Reply, type ReplyAttachment } from '../../core';
import type { SlackInbound } from './inbound';
import type { Place } from './place';
import { renderSlack, type SlackMessage } from './render';
import type { SlackServices } from './services';
import { toMrkdwn } from './text';

/** One answer as Slack will show it: the messages, then the files uploaded after them. */
export interface SlackAnswer {
  pages: SlackMessage[];
  /** Setup files (Slack uploads them separately: a message cannot carry a file). */
  files: ReplyAttachment[];
  /** The reply it was rendered from; absent when the bot stays silent. */
  reply?: Reply;
}

const SILENT: SlackAnswer = { pages: [], files: [] };

/**
 * Answers one Slack message: the user's Slack locale as a hint (waiting at most `localeBudgetMs`
 * for `users.info`), the help card for an empty question, then the reply rendered for its place.
 */
export async function answerInbound(s: SlackServices, inbound: SlackInbound, localeBudgetMs: number): Promise<SlackAnswer> {
  const { locale } = await s.users.within(inbound.message.userId, localeBudgetMs);
  const message: InboundMessage = { ...inbound.message, localeHint: locale };
  if (!message.text && !message.choice) {
    // "/mailconfig" alone, or a bare mention: the help card, in the language we know best.
    const lang = langFromLocale(locale) ?? s.bot.conversationLang(message.conversationId) ?? s.defaultLang;
    message.choice = encodeChoice({ lang, intent: 'help' });
  }
  const reply = await s.answer(message);
  // Null: rate-limited again, or shutting down — say nothing.
  if (!reply) return SILENT;
  return { pages: renderForPlace(s, reply, inbound.place), files: reply.attachments ?? [], reply };
}

/**
 * Renderings of answers the core reuses (frozen), by place kind: the same answer renders the
 * same. An ephemeral one carries a Share id; the rendering is redone well before the answer
 * kept under that id expires, and each reuse keeps it alive.
 */
const rendered = new WeakMap<Reply, Map<string, { messages: SlackMessage[]; shareId?: string; at: number }>>();
const RENDERING_REUSE_MS = 10 * 60 * 1000;

export function renderForPlace(s: SlackServices, reply: Reply, place: Place): SlackMessage[] {
  if (!Object.isFrozen(reply) || reply.attachments?.length) return renderFresh(s, reply, place).messages;
  const key = `${place.kind === 'ephemeral'}|${Boolean(s.supportChannel)}`;
  let byPlace = rendered.get(reply);
  if (!byPlace) rendered.set(reply, (byPlace = new Map()));
  const now = Date.now();
  let entry = byPlace.get(key);
  if (!entry || now - entry.at > RENDERING_REUSE_MS) {
    const fresh = renderFresh(s, reply, place);
    // Shared by every user who gets this answer: nothing may alter it.
    entry = { messages: deepFreeze(fresh.messages), shareId: fresh.shareId, at: now };
    byPlace.set(key, entry);
  } else if (entry.shareId) {
    s.shares.set(entry.shareId, reply);
  }
  return entry.messages;
}

/**
 * The reply with what its place allows: Share under ephemeral answers (not for a personal
 * setup file), Talk to a human when a support channel exists, and, since files cannot be
 * ephemeral, a line saying where the file went.
 */
function renderFresh(s: SlackServices, reply: Reply, place: Place): { messages: SlackMessage[]; shareId?: string } {
  const t = s.bot.translations.forLang(reply.lang);
  const hasFiles = Boolean(reply.attachments?.length);
  const shown = hasFiles && place.kind === 'ephemeral' ? { ...reply, paragraphs: [...reply.paragraphs, t('slack.file.sent_to_dm')] } : reply;
  const shareId = place.kind === 'ephemeral' && reply.kind === 'answer' && !hasFiles ? keepForSharing(s, reply) : undefined;
  const messages = renderSlack(shown, {
    share: shareId ? { label: t('common.button.share_in_channel'), value: `${reply.lang}|${shareId}` } : undefined,
    handoff: s.supportChannel ? { label: t('common.button.talk_to_human'), value: reply.lang } : undefined,
  });
  return { messages, shareId };
}

/** Ephemeral messages are not in click payloads: the Share button points to a kept copy. */
function keepForSharing(s: SlackServices, reply: Reply): string {
  // Unguessable (a forged click must not share someone else's answer); randomUUID draws from a pooled buffer.
  const id = randomUUID();
  s.shares.set(id, reply);
  return id;
}

/**
 * Uploads an answer's setup files after its messages: in the same thread or DM, or in the
 * user's DM for an ephemeral answer (with the reply's words, since the answer is not there).
 * Never throws: a failure is logged and the user is told, in their language, privately.
 */
export async function deliverFiles(s: SlackServices, place: Place, user: string, answer: SlackAnswer): Promise<void> {
  const { files, reply } = answer;
  if (!files.length || !reply) return;
  try {
    const target = await s.files.targetFor(place, user);
    const comment = target.elsewhere ? toMrkdwn(reply.paragraphs.join('\n\n')) : undefined;
    await s.files.upload({ channel: target.channel, threadTs: target.threadTs, comment }, files);
  } catch (error) {
    // File names carry the user's address: the count is enough to find the case in the logs.
    s.logger.error({ err: error, place: place.kind, files: files.length }, 'slack file upload failed');
    const t = s.bot.translations.forLang(reply.lang);
    const notice: Reply = { lang: reply.lang, kind: 'notice', paragraphs: [t('slack.file.upload_failed')] };
    await s.delivery.privately(place, user, renderSlack(notice)).catch((failure: unknown) => {
      s.logger.warn({ err: failure, place: place.kind }, 'slack: could not tell the user the file upload failed');
    });
  }
}
