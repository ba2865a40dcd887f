import type { Message } from 'discord.js';
import { answer, apology, type DiscordContext } from './context';
import { messageToInbound } from './inbound';
import { ALLOWED_MENTIONS, once, toSendOptions } from './respond';

/**
 * A message in a channel the bot can see or in a DM: answered with a reply to it when it
 * mentions the bot (in a server) or at all (in a DM). Without the privileged MessageContent
 * intent, Discord still gives the content of exactly these messages.
 */
export async function handleMessage(ctx: DiscordContext, message: Message): Promise<void> {
  const botUserId = ctx.client.user?.id;
  if (!botUserId) return;
  const inbound = messageToInbound(
    {
      content: message.content,
      author: { id: message.author.id, bot: message.author.bot, system: message.author.system },
      webhookId: message.webhookId,
      type: message.type,
      mentionedUserIds: [...message.mentions.users.keys()],
      channelId: message.channelId,
      guildId: message.guildId,
      guildLocale: message.guild?.preferredLocale,
    },
    { botUserId },
  );
  if (!inbound) return;
  try {
    // Buttons under the answer continue the same member's conversation (scope `u`).
    const parts = await answer(ctx, inbound, { scope: 'u', share: false });
    for (const part of parts) await message.reply({ ...toSendOptions(part), failIfNotExists: false, ...once() });
  } catch (error) {
    // The hint of a message is its server's locale: what the member has been writing comes first.
    const text = await apology(ctx, { conversationId: inbound.conversationId, placeLocale: inbound.localeHint }, error, 'answering a message failed');
    await message.reply({ content: text, allowedMentions: ALLOWED_MENTIONS, failIfNotExists: false, ...once() });
  }
}
