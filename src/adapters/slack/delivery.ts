import type { Logger } from '../../logger';
import type { Place } from './place';
import type { SlackMessage } from './render';
import { postToResponseUrl, type ResponseUrlBody } from './response-url';
import type { WebClient } from './web-client';

/**
 * Sends messages to a place: threads and DMs through `chat.postMessage`, ephemeral answers
 * through the `response_url` Slack gave (which also works where the bot is not a member),
 * falling back to `chat.postEphemeral`.
 */
export class Delivery {
  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
  ) {}

  /** An answer where the question was asked; `replace` swaps the clicked ephemeral answer for the first message. */
  async answer(place: Place, pages: SlackMessage[], replace = false): Promise<void> {
    for (const [i, page] of pages.entries()) {
      if (place.kind === 'ephemeral') await this.ephemeral(place, page, replace && i === 0);
      else await this.post(place.channel, place.threadTs, page);
    }
  }

  /** Something only `user` should see, where they are (a handoff confirmation, a notice). */
  async privately(place: Place, user: string, pages: SlackMessage[]): Promise<void> {
    for (const page of pages) {
      if (place.kind === 'ephemeral') await this.ephemeral(place, page, false);
      else if (place.kind === 'dm') await this.post(place.channel, place.threadTs, page);
      else await this.client.chat.postEphemeral({ channel: place.channel, user, thread_ts: place.threadTs, text: page.text, blocks: page.blocks });
    }
  }

  /** Posts for everyone in the channel of an ephemeral answer, then removes the ephemeral one. */
  async shareFromEphemeral(place: Extract<Place, { kind: 'ephemeral' }>, pages: SlackMessage[]): Promise<void> {
    for (const page of pages) {
      const shared = await this.toResponseUrl(place.responseUrl, { response_type: 'in_channel', replace_original: false, ...page });
      // Without a usable response_url, post as the bot (it must then be a member of the channel).
      if (!shared) await this.post(place.channel, undefined, page);
    }
    await this.toResponseUrl(place.responseUrl, { delete_original: true });
  }

  private async ephemeral(place: Extract<Place, { kind: 'ephemeral' }>, page: SlackMessage, replace: boolean): Promise<void> {
    const sent = await this.toResponseUrl(place.responseUrl, { response_type: 'ephemeral', replace_original: replace, ...page });
    if (!sent) await this.client.chat.postEphemeral({ channel: place.channel, user: place.user, text: page.text, blocks: page.blocks });
  }

  private async toResponseUrl(url: string | undefined, body: ResponseUrlBody): Promise<boolean> {
    if (!url) return false;
    try {
      return await postToResponseUrl(url, body);
    } catch (error) {
      this.logger.warn({ err: error }, 'slack response_url unreachable');
      return false;
    }
  }

  private async post(channel: string, threadTs: string | undefined, page: SlackMessage): Promise<void> {
    // Link previews of help pages would bury the answer.
    await this.client.chat.postMessage({ channel, thread_ts: threadTs, text: page.text, blocks: page.blocks, unfurl_links: false, unfurl_media: false });
  }
}
