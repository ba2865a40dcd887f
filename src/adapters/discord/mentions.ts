import { Routes, type RawFile } from 'discord.js';
import { answer, apology, type DiscordContext } from './context';
import { messageToInbound } from './inbound';
import { once } from './respond';
import type { DiscordMessage } from './render';

/** A MESSAGE_CREATE as the gateway sends it: the fields the bot reads. */
export interface RawMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  content?: string;
  type?: number;
  webhook_id?: string;
  author?: { id?: string; bot?: boolean; system?: boolean };
  mentions?: Array<{ id?: string }>;
}

/**
 * A message in a channel the bot can see or in a DM: answered with a reply to it when it
 * mentions the bot (in a server) or at all (in a DM). Without the privileged MessageContent
 * intent, Discord still gives the content of exactly these messages. `guildLocale` is the
 * server's preferred locale, as the gateway announced it.
 */
export async function handleMessage(ctx: DiscordContext, message: RawMessage, botUserId: string, guildLocale: string | undefined): Promise<void> {
  const inbound = messageToInbound(
    {
      content: String(message.content ?? ''),
      author: { id: String(message.author?.id ?? ''), bot: Boolean(message.author?.bot), system: message.author?.system },
      webhookId: message.webhook_id,
      type: message.type ?? 0,
      mentionedUserIds: (message.mentions ?? []).map((user) => String(user?.id)),
      channelId: message.channel_id,
      guildId: message.guild_id ?? null,
      guildLocale,
    },
    { botUserId },
  );
  if (!inbound) return;
  try {
    // Buttons under the answer continue the same member's conversation (scope `u`). Only a
    // second gateway session would deliver a message twice; never answered twice, even then.
    const parts = await answer(ctx, inbound, { scope: 'u', share: false }, `discord:msg:${message.id}`);
    for (const part of parts) await replyTo(ctx, message, part);
  } catch (error) {
    // The hint of a message is its server's locale: what the member has been writing comes first.
    const text = await apology(ctx, { conversationId: inbound.conversationId, placeLocale: inbound.localeHint }, error, 'answering a message failed');
    await replyTo(ctx, message, { content: text });
  }
}

/**
 * A reply to the message (no ping of its author), with a nonce Discord enforces so a retry
 * whose first attempt did arrive posts nothing twice.
 */
async function replyTo(ctx: DiscordContext, message: RawMessage, part: DiscordMessage | { content: string }): Promise<void> {
  const { nonce, enforceNonce } = once();
  const content = 'embeds' in part ? { embeds: part.embeds, components: part.components } : part;
  const files: RawFile[] | undefined = 'files' in part && part.files?.length ? part.files.map((file) => ({ name: file.name, data: file.data })) : undefined;
  const body = {
    ...content,
    allowed_mentions: { parse: [], replied_user: false },
    message_reference: { message_id: message.id, fail_if_not_exists: false },
    nonce,
    enforce_nonce: enforceNonce,
    ...(files ? { attachments: files.map((file, i) => ({ id: String(i), filename: file.name })) } : {}),
  };
  await ctx.rest.post(Routes.channelMessages(message.channel_id), { body, files });
}
