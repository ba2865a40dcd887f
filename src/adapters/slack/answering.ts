import { randomUUID } from 'node:crypto';
import type { Reply, ReplyAttachment } from '../../core';
import type { SlackInbound } from './inbound';
import type { Place } from './place';
import { renderSlack, type SlackMessage } from './render';
import type { SlackRendering, SlackServices } from './services';
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
 * Answers one Slack message, with the user's Slack locale as a hint (waiting at most
 * `localeBudgetMs` for `users.info`), rendered for its place.
 */
export async function answerInbound(s: SlackServices, inbound: SlackInbound, localeBudgetMs: number): Promise<SlackAnswer> {
  const { locale } = await s.users.within(inbound.message.userId, localeBudgetMs);
  const reply = await s.service.handle({ ...inbound.message, localeHint: locale }, inbound.deliveryKey);
  // Null: a copy of a delivery already taken, rate-limited again, or shutting down — say nothing.
  if (!reply) return SILENT;
  return { pages: await renderForPlace(s, reply, inbound.place), files: reply.attachments ?? [], reply };
}

/**
 * The reply rendered for its place. Reused answers are rendered once per kind of place; an
 * ephemeral one carries a Share id, so its rendering is redone well before the answer kept
 * under that id expires (see SHARE_TTL_MS). Resolves once the answer is kept: a click on Share
 * may come at once, and reach another replica.
 */
export async function renderForPlace(s: SlackServices, reply: Reply, place: Place): Promise<SlackMessage[]> {
  const key = `${place.kind === 'ephemeral'}|${Boolean(s.supportChannel)}`;
  const rendered = s.renderings.get(reply, key, () => renderFresh(s, reply, place));
  // The store never refuses it (memory answers while Redis is down); a failure only costs the Share button.
  await rendered.kept?.catch((error: unknown) => s.logger.warn({ err: error }, 'slack: the answer could not be kept for its Share button'));
  return rendered.messages;
}

/**
 * The reply with what its place allows: Share under ephemeral answers (not for a personal
 * setup file), Talk to a human when a support channel exists, and, since files cannot be
 * ephemeral, a line saying where the file went.
 */
function renderFresh(s: SlackServices, reply: Reply, place: Place): SlackRendering {
  const t = s.service.translations.forLang(reply.lang);
  const hasFiles = Boolean(reply.attachments?.length);
  const shown = hasFiles && place.kind === 'ephemeral' ? { ...reply, paragraphs: [...reply.paragraphs, t('slack.file.sent_to_dm')] } : reply;
  // Ephemeral messages are not in click payloads: the Share button points to a copy kept by the service.
  // Unguessable (a forged click must not share someone else's answer); randomUUID draws from a pooled buffer.
  const shareId = place.kind === 'ephemeral' && reply.kind === 'answer' && !hasFiles ? randomUUID() : undefined;
  const messages = renderSlack(shown, {
    share: shareId ? { label: t('common.button.share_in_channel'), value: `${reply.lang}|${shareId}` } : undefined,
    handoff: s.supportChannel ? { label: t('common.button.talk_to_human'), value: reply.lang } : undefined,
  });
  return { messages, kept: shareId ? s.service.keepReply(shareId, reply) : undefined };
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
    const t = s.service.translations.forLang(reply.lang);
    const notice: Reply = { lang: reply.lang, kind: 'notice', paragraphs: [t('slack.file.upload_failed')] };
    await s.delivery.privately(place, user, renderSlack(notice)).catch((failure: unknown) => {
      s.logger.warn({ err: failure, place: place.kind }, 'slack: could not tell the user the file upload failed');
    });
  }
}
