import type { Reply } from '../../core';
import type { Logger } from '../../logger';
import type { SupportDesk } from '../../service';
import type { SlackClick } from './inbound';
import { conversationIdOf } from './place';
import { renderSlack, USER_PLACEHOLDER } from './render';
import type { SlackServices } from './services';
import type { WebClient } from './web-client';

/**
 * "Talk to a human": the service posts the case and says what to tell the user, which is
 * shown privately where they clicked.
 */
export async function handOff(s: SlackServices, click: Extract<SlackClick, { kind: 'handoff' }>): Promise<void> {
  // The button is only rendered with a support channel; a forged click has nowhere to go.
  if (!s.supportChannel) return;
  const reply = await s.service.requestHuman({
    conversationId: conversationIdOf(click.place),
    requester: { platform: 'slack', userId: click.userId, label: USER_PLACEHOLDER },
    // The button carries the language of the answer it was under.
    chosen: click.value,
  });
  await s.delivery.privately(click.place, click.userId, renderSlack(reply));
}

/** SLACK_SUPPORT_CHANNEL as the service's support desk. */
export function slackSupportDesk(client: WebClient, channel: string, logger: Logger): SupportDesk {
  return {
    platform: 'slack',
    async post(supportCase: Reply, requester) {
      // A Slack requester as a real mention, so an agent can open their profile or DM them in one click.
      const mentions = requester.platform === 'slack' ? { [USER_PLACEHOLDER]: requester.userId } : undefined;
      try {
        for (const page of renderSlack(supportCase, { mentions })) {
          await client.chat.postMessage({ channel, text: page.text, blocks: page.blocks, unfurl_links: false, unfurl_media: false });
        }
        return true;
      } catch (error) {
        logger.error({ err: error }, 'slack handoff: posting the case to SLACK_SUPPORT_CHANNEL failed');
        return false;
      }
    },
  };
}
