import { handoffCase, handoffConfirmation, type Reply } from '../../core';
import { isLang } from '../../domain';
import type { SlackClick } from './inbound';
import { conversationIdOf } from './place';
import { renderSlack, USER_PLACEHOLDER } from './render';
import type { SlackServices } from './services';

/**
 * "Talk to a human": posts the conversation (redacted by the core) to the support channel in
 * the support team's language, then tells the user, in theirs, that an agent has it. A
 * conversation gets one case however often the button is clicked.
 */
export async function handOff(s: SlackServices, click: Extract<SlackClick, { kind: 'handoff' }>): Promise<void> {
  // The button is only rendered with a support channel; a forged click has nowhere to go.
  if (!s.supportChannel) return;
  const conversationId = conversationIdOf(click.place);
  const userLang = isLang(click.value) ? click.value : (s.bot.conversationLang(conversationId) ?? s.defaultLang);
  const t = s.bot.translations.forLang(userLang);
  let delivered = true;
  if (s.bot.claimHandoff(conversationId)) {
    try {
      await postCase(s, s.supportChannel, conversationId, click.userId, userLang);
    } catch (error) {
      s.logger.error({ err: error }, 'slack handoff: posting the case to SLACK_SUPPORT_CHANNEL failed');
      s.bot.releaseHandoff(conversationId);
      delivered = false;
    }
  }
  const reply: Reply = delivered ? handoffConfirmation(t, userLang) : { lang: userLang, kind: 'notice', paragraphs: [t('handoff.unavailable', { contact: supportContact(s) })] };
  await s.delivery.privately(click.place, click.userId, renderSlack(reply));
}

async function postCase(s: SlackServices, channel: string, conversationId: string, userId: string, userLang: Reply['lang']): Promise<void> {
  const supportT = s.bot.translations.forLang(s.defaultLang);
  const caseReply = handoffCase(s.bot.summary(conversationId), { platform: 'Slack', label: USER_PLACEHOLDER }, supportT, userLang);
  // The requester as a real mention, so an agent can open their profile or DM them in one click.
  for (const page of renderSlack(caseReply, { mentions: { [USER_PLACEHOLDER]: userId } })) {
    await s.client.chat.postMessage({ channel, text: page.text, blocks: page.blocks, unfurl_links: false, unfurl_media: false });
  }
}

/** The provider's own support address, for when the case could not be posted. */
function supportContact(s: SlackServices): string {
  const support = s.bot.kb.data.provider.support;
  return support.email ?? support.url ?? support.phone ?? s.bot.kb.data.provider.helpUrl;
}
