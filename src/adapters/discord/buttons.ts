import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { encodeChoice } from '../../core';
import type { Lang } from '../../domain';
import { answer, apology, render, type DiscordContext } from './context';
import { decodeButton, type ButtonAction, type Scope } from './custom-ids';
import { sendToSupport } from './handoff';
import { conversationId, hintedLang, localeHint, suggestionToInbound, type Place } from './inbound';
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
  // Buttons from an older version of the bot (or forged ids) get the help answer rather than nothing.
  const help: ButtonAction = { action: 'ask', scope: 'u', choice: encodeChoice({ lang: hintedLang(hint, ctx.defaultLang), intent: 'help' }) };
  const action = decodeButton(interaction.customId) ?? help;
  const scope: Scope = action.action === 'share' ? 'u' : action.scope;
  const userLang = () => ctx.bot.conversationLang(conversationId(place, scope)) ?? hintedLang(hint, ctx.defaultLang);
  try {
    switch (action.action) {
      case 'ask': {
        const message = suggestionToInbound({ ...place, locale: interaction.locale, guildLocale }, action.scope, action.choice);
        const mode = onEphemeral ? ({ kind: 'update', ephemeral: true } as const) : ({ kind: 'reply', ephemeral: inGuild } as const);
        await respond(interaction, mode, answer(ctx, message, { scope: action.scope, share: inGuild && mode.ephemeral }), ctx.deferAfterMs);
        return;
      }
      case 'share':
        await share(ctx, interaction, userLang());
        return;
      case 'human': {
        const lang = userLang();
        const confirmation = sendToSupport(ctx, conversationId(place, action.scope), { id: interaction.user.id, username: interaction.user.username }, lang)
          .then((reply) => render(ctx, reply, { scope: action.scope, share: false }));
        await respond(interaction, { kind: 'reply', ephemeral: inGuild }, confirmation, ctx.deferAfterMs);
        return;
      }
    }
  } catch (error) {
    await apologise(interaction, apology(ctx, userLang(), error, `handling the "${action.action}" button failed`));
  }
}

/**
 * Reposts the clicked private answer for the whole channel. The answer is read from the
 * clicked message itself, so this works without any state, even after a restart.
 */
async function share(ctx: DiscordContext, interaction: ButtonInteraction, lang: Lang): Promise<void> {
  const embeds = interaction.message?.embeds.map((embed) => embed.toJSON()) ?? [];
  if (!embeds.length) {
    const t = ctx.bot.translations.forLang(lang);
    await interaction.reply({ content: t('discord.share_unavailable'), allowedMentions: ALLOWED_MENTIONS, flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.reply({ embeds, allowedMentions: ALLOWED_MENTIONS });
}
