import type { ChatInputCommandInteraction } from 'discord.js';
import { OPTION } from './commands';
import { answer, apology, type DiscordContext } from './context';
import { commandToInbound, conversationId, localeHint, type Place } from './inbound';
import { apologise, respond } from './respond';

/**
 * `/mailconfig`: answered privately in a server unless `public` is set (with "Show to
 * channel" to change one's mind), and normally in a DM. Discord reports the canonical
 * option names whatever the user's language, so they are read as defined.
 */
export async function handleCommand(ctx: DiscordContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const place: Place = { channelId: interaction.channelId, guildId: interaction.guildId, userId: interaction.user.id };
  const guildLocale = interaction.guildLocale ?? interaction.guild?.preferredLocale;
  try {
    const ephemeral = Boolean(place.guildId) && !(interaction.options.getBoolean(OPTION.public) ?? false);
    const message = commandToInbound(
      {
        ...place,
        locale: interaction.locale,
        guildLocale,
        options: {
          question: interaction.options.getString(OPTION.question),
          client: interaction.options.getString(OPTION.client),
          email: interaction.options.getString(OPTION.email),
        },
      },
      ctx.service.defaultLang,
      (lang, client) => {
        const t = ctx.service.translations.forLang(lang);
        return t('discord.default_question.client', { client: t(`common.client.${client}`) });
      },
    );
    await respond(interaction, { kind: 'reply', ephemeral }, answer(ctx, message, { scope: 'u', share: ephemeral }), ctx.deferAfterMs);
  } catch (error) {
    const whom = { conversationId: conversationId(place, 'u'), localeHint: localeHint(interaction.locale, guildLocale) };
    await apologise(interaction, await apology(ctx, whom, error, 'answering a slash command failed'));
  }
}
