import type { Reply } from '../../core';
import type { SlackClick } from './inbound';
import { conversationIdOf } from './place';
import { renderSlack, USER_PLACEHOLDER } from './render';
import type { SlackServices } from './services';

/**
 * "Share in channel" under an ephemeral answer: the kept answer is posted for everyone, with
 * who shared it, and the ephemeral copy goes away. An answer no longer kept gets a notice.
 */
export async function shareInChannel(s: SlackServices, click: Extract<SlackClick, { kind: 'share' }>): Promise<void> {
  const [langValue, id] = click.value.split('|');
  const reply = id ? await s.service.keptReply(id) : undefined;
  const lang = reply?.lang ?? (await s.service.language({ chosen: langValue, conversationId: conversationIdOf(click.place) }));
  const t = s.service.translations.forLang(lang);
  if (!reply || click.place.kind !== 'ephemeral') {
    const notice: Reply = { lang, kind: 'notice', paragraphs: [t('common.share.expired')] };
    await s.delivery.privately(click.place, click.userId, renderSlack(notice));
    return;
  }
  const pages = renderSlack(reply, {
    handoff: s.supportChannel ? { label: t('common.button.talk_to_human'), value: reply.lang } : undefined,
    footer: t('common.share.by', { who: USER_PLACEHOLDER }),
    mentions: { [USER_PLACEHOLDER]: click.userId },
  });
  await s.delivery.shareFromEphemeral(click.place, pages);
}
