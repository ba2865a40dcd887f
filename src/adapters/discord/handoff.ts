import { Routes, type APIMessage, type RESTPostAPIChannelMessagesThreadsJSONBody } from 'discord.js';
import { handoffCase, handoffConfirmation, type Reply } from '../../core';
import type { Lang } from '../../domain';
import type { DiscordContext } from './context';
import { renderDiscord } from './render';
import { once } from './respond';
import { errorForLog } from './safe-log';
import { truncate } from './text';

/** Discord's limit for a thread name. */
const MAX_THREAD_NAME = 100;
// A day without messages before Discord archives the thread (it reopens on the next message).
const ARCHIVE_AFTER_MINUTES = 1440;

export interface Requester {
  id: string;
  username: string;
}

/**
 * "Talk to a human": posts the conversation (already redacted by the core) to the support
 * channel, in the support team's language, then opens a thread on it for the agents when
 * Discord allows (a missing permission only costs the thread). Returns what to tell the user.
 */
export async function sendToSupport(ctx: DiscordContext, conversationId: string, requester: Requester, userLang: Lang): Promise<Reply> {
  const channelId = ctx.config.supportChannelId;
  if (!channelId) throw new Error('no DISCORD_SUPPORT_CHANNEL_ID configured');
  const summary = ctx.bot.summary(conversationId);
  // One case per conversation: further clicks only repeat the confirmation.
  if (!ctx.bot.claimHandoff(conversationId)) return handoffConfirmation(ctx.bot.translations.forLang(summary?.lang ?? userLang), summary?.lang ?? userLang);
  try {
    return await postCase(ctx, channelId, summary, requester, userLang);
  } catch (error) {
    ctx.bot.releaseHandoff(conversationId);
    throw error;
  }
}

async function postCase(ctx: DiscordContext, channelId: string, summary: ReturnType<DiscordContext['bot']['summary']>, requester: Requester, userLang: Lang): Promise<Reply> {
  const lang = summary?.lang ?? userLang;
  const supportT = ctx.bot.translations.forLang(ctx.defaultLang);
  const theCase = handoffCase(summary, { platform: 'discord', label: `<@${requester.id}> (${requester.username})` }, supportT, lang);
  const parts = renderDiscord(theCase, { scope: 'u', share: false, handoffAvailable: false, labels: { showToChannel: '', talkToHuman: '' } });

  const rest = ctx.client.rest;
  // A case has no files: each part is posted as its JSON body alone, with a nonce so a retry cannot post it twice.
  const body = ({ embeds, components, allowed_mentions }: (typeof parts)[number]) => {
    const { nonce, enforceNonce } = once();
    return { embeds, components, allowed_mentions, nonce, enforce_nonce: enforceNonce };
  };
  const first = (await rest.post(Routes.channelMessages(channelId), { body: body(parts[0]) })) as APIMessage;
  let target = channelId;
  try {
    const body: RESTPostAPIChannelMessagesThreadsJSONBody = {
      name: truncate(supportT('discord.thread_name', { user: requester.username }), MAX_THREAD_NAME),
      auto_archive_duration: ARCHIVE_AFTER_MINUTES,
    };
    const thread = (await rest.post(Routes.threads(channelId, first.id), { body })) as { id: string };
    target = thread.id;
  } catch (error) {
    ctx.logger.warn({ error: errorForLog(error), channelId }, 'could not open a thread on the support case; the case stays in the channel');
  }
  for (const part of parts.slice(1)) await rest.post(Routes.channelMessages(target), { body: body(part) });
  return handoffConfirmation(ctx.bot.translations.forLang(lang), lang);
}
