import { Routes, type APIMessage, type RESTPostAPIChannelMessagesThreadsJSONBody } from 'discord.js';
import type { Reply } from '../../core';
import type { SupportDesk } from '../../service';
import type { DiscordContext } from './context';
import { renderDiscord } from './render';
import { once } from './respond';
import { errorForLog } from './safe-log';
import { truncate } from './text';

/** Discord's limit for a thread name. */
const MAX_THREAD_NAME = 100;
// A day without messages before Discord archives the thread (it reopens on the next message).
const ARCHIVE_AFTER_MINUTES = 1440;

/**
 * DISCORD_SUPPORT_CHANNEL_ID as the service's support desk: the case is posted there, then a
 * thread is opened on it for the agents when Discord allows (a missing permission only costs the thread).
 */
export function discordSupportDesk(ctx: DiscordContext, channelId: string): SupportDesk {
  return {
    platform: 'discord',
    async post(supportCase, requester) {
      try {
        await postCase(ctx, channelId, supportCase, requester.name ?? requester.userId);
        return true;
      } catch (error) {
        ctx.logger.error({ error: errorForLog(error), channelId }, 'posting the support case to DISCORD_SUPPORT_CHANNEL_ID failed');
        return false;
      }
    },
  };
}

async function postCase(ctx: DiscordContext, channelId: string, supportCase: Reply, requesterName: string): Promise<void> {
  const parts = renderDiscord(supportCase, { scope: 'u', share: false, handoffAvailable: false, labels: { showToChannel: '', talkToHuman: '' } });
  const rest = ctx.rest;
  // A case has no files: each part is posted as its JSON body alone, with a nonce so a retry cannot post it twice.
  const body = ({ embeds, components, allowed_mentions }: (typeof parts)[number]) => {
    const { nonce, enforceNonce } = once();
    return { embeds, components, allowed_mentions, nonce, enforce_nonce: enforceNonce };
  };
  const first = (await rest.post(Routes.channelMessages(channelId), { body: body(parts[0]) })) as APIMessage;
  let target = channelId;
  try {
    const supportT = ctx.service.translations.forLang(ctx.service.defaultLang);
    const thread: RESTPostAPIChannelMessagesThreadsJSONBody = {
      name: truncate(supportT('discord.thread_name', { user: requesterName }), MAX_THREAD_NAME),
      auto_archive_duration: ARCHIVE_AFTER_MINUTES,
    };
    target = ((await rest.post(Routes.threads(channelId, first.id), { body: thread })) as { id: string }).id;
  } catch (error) {
    ctx.logger.warn({ error: errorForLog(error), channelId }, 'could not open a thread on the support case; the case stays in the channel');
  }
  for (const part of parts.slice(1)) await rest.post(Routes.channelMessages(target), { body: body(part) });
}
