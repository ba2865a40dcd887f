import { randomBytes } from 'node:crypto';
import { encodeChoice } from '../../core/choices';
import type { InboundMessage, Reply } from '../../core/types';
import { langFromLocale } from '../../core/understanding/language';
import type { SlackInbound } from './inbound';
import type { Place } from './place';
import { renderSlack, type SlackMessage } from './render';
import type { SlackServices } from './services';

/**
 * Answers one Slack message: the user's Slack locale as a hint (waiting at most `localeBudgetMs`
 * for `users.info`), the help card for an empty question, then the reply rendered for its place.
 */
export async function answerInbound(s: SlackServices, inbound: SlackInbound, localeBudgetMs: number): Promise<SlackMessage[]> {
  const { locale } = await s.users.within(inbound.message.userId, localeBudgetMs);
  const message: InboundMessage = { ...inbound.message, localeHint: locale };
  if (!message.text && !message.choice) {
    // "/mailconfig" alone, or a bare mention: the help card, in the language we know best.
    const lang = langFromLocale(locale) ?? s.bot.conversationLang(message.conversationId) ?? s.defaultLang;
    message.choice = encodeChoice({ lang, intent: 'help' });
  }
  const reply = await s.answer(message);
  // Null: rate-limited again, or shutting down — say nothing.
  return reply ? renderForPlace(s, reply, inbound.place) : [];
}

/** The reply with the buttons its place allows: Share under ephemeral answers, Talk to a human when a support channel exists. */
export function renderForPlace(s: SlackServices, reply: Reply, place: Place): SlackMessage[] {
  const t = s.bot.translations.forLang(reply.lang);
  return renderSlack(reply, {
    share: place.kind === 'ephemeral' && reply.kind === 'answer' ? { label: t('common.button.share_in_channel'), value: keepForSharing(s, reply) } : undefined,
    handoff: s.supportChannel ? { label: t('common.button.talk_to_human'), value: reply.lang } : undefined,
  });
}

/** Ephemeral messages are not in click payloads: the Share button points to a kept copy. */
function keepForSharing(s: SlackServices, reply: Reply): string {
  const id = randomBytes(9).toString('base64url');
  s.shares.set(id, reply);
  return `${reply.lang}|${id}`;
}
