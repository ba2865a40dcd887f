import { MessageFlags, type ButtonInteraction } from 'discord.js';
import type { Lang } from '../../domain';
import { answer, apology, render, type DiscordContext } from './context';
import { decodeButton, type Scope } from './custom-ids';
import { conversationId, localeHint, PLATFORM, suggestionToInbound, type Place } from './inbound';
import { ALLOWED_MENTIONS, apologise, respond } from './respond';

/**
 * A button click, answered in place: a suggestion on a private (ephemeral) answer replaces
 * that answer; on a public message it answers the clicker privately, without changing what
 * everybody sees. "Show to channel" reposts the clicked answer publicly; "Talk to a human"
 * sends the conversation to the support team.
 */
export async function handleButton(ctx: DiscordContext, interaction: ButtonInteraction): Promise<void> {
  const place: Place = { channelId: interaction.channelId, guildId: interaction.guildId, userId: interaction.user.id };
  const guildLocale = interaction.guildLocale ?? interaction.guild?.preferredLocale;
  const hint = localeHint(interaction.locale, guildLocale);
  const inGuild = Boolean(place.guildId);
  const onEphemeral = interaction.message?.flags?.has(MessageFlags.Ephemeral) ?? false;
  // Buttons from an older version of the bot (or forged ids) are an empty question: the help answer rather than nothing.
  const action = decodeButton(interaction.customId) ?? { action: 'ask', scope: 'u', choice: undefined };
  const scope: Scope = action.action === 'share' ? 'u' : action.scope;
  const whom = { conversationId: conversationId(place, scope), localeHint: hint };
  try {
    switch (action.action) {
      case 'ask': {
        const message = suggestionToInbound({ ...place, locale: interaction.locale, guildLocale }, action.scope, action.choice);
        const mode = onEphemeral ? ({ kind: 'update', ephemeral: true } as const) : ({ kind: 'reply', ephemeral: inGuild } as const);
        await respond(interaction, mode, answer(ctx, message, { scope: action.scope, share: inGuild && mode.ephemeral }), ctx.deferAfterMs);
        return;
      }
      case 'share':
        await share(ctx, interaction, await ctx.service.language(whom));
        return;
      case 'human': {
        const requester = { platform: PLATFORM, userId: interaction.user.id, name: interaction.user.username, label: `<@${interaction.user.id}> (${interaction.user.username})` };
        const confirmation = ctx.service.requestHuman({ ...whom, requester }).then((reply) => render(ctx, reply, { scope: action.scope, share: false }));
        await respond(interaction, { kind: 'reply', ephemeral: inGuild }, confirmation, ctx.deferAfterMs);
        return;
      }
    }
  } catch (error) {
    await apologise(interaction, await apology(ctx, whom, error, `handling the "${action.action}" button failed`));
  }
}

/**
 * Reposts the clicked private answer for the whole channel. The answer is read from the
 * clicked message itself, so this works without any state, even after a restart.
 */
async function share(ctx: DiscordContext, interaction: ButtonInteraction, lang: Lang): Promise<void> {
  const embeds = interaction.message?.embeds.map((embed) => embed.toJSON()) ?? [];
  if (!embeds.length) {
    const t = ctx.service.translations.forLang(lang);
    await interaction.reply({ content: t('discord.share_unavailable'), allowedMentions: ALLOWED_MENTIONS, flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.reply({ embeds, allowedMentions: ALLOWED_MENTIONS });
}
