import { OPTION } from './commands';
import { answer, apology, type DiscordContext } from './context';
import { commandToInbound, conversationId, localeHint } from './inbound';
import { booleanOption, placeOf, stringOption, type RawInteraction } from './interaction';
import { apologise, respond, type InteractionResponder } from './respond';

/**
 * `/mailconfig`: answered privately in a server unless `public` is set (with "Show to
 * channel" to change one's mind), and normally in a DM. Discord reports the canonical
 * option names whatever the user's language, so they are read as defined.
 */
export async function handleCommand(ctx: DiscordContext, interaction: RawInteraction, responder: InteractionResponder): Promise<void> {
  const place = placeOf(interaction);
  const guildLocale = interaction.guild_locale;
  try {
    const ephemeral = Boolean(place.guildId) && !(booleanOption(interaction, OPTION.public) ?? false);
    const message = commandToInbound(
      {
        ...place,
        locale: interaction.locale,
        guildLocale,
        options: {
          question: stringOption(interaction, OPTION.question),
          client: stringOption(interaction, OPTION.client),
          email: stringOption(interaction, OPTION.email),
        },
      },
      ctx.service.defaultLang,
      (lang, client) => {
        const t = ctx.service.translations.forLang(lang);
        return t('discord.default_question.client', { client: t(`common.client.${client}`) });
      },
    );
    await respond(responder, { kind: 'reply', ephemeral }, answer(ctx, message, { scope: 'u', share: ephemeral }), ctx.deferAfterMs);
  } catch (error) {
    const whom = { conversationId: conversationId(place, 'u'), localeHint: localeHint(interaction.locale, guildLocale) };
    await apologise(responder, await apology(ctx, whom, error, 'answering a slash command failed'));
  }
}
