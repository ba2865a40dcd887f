import type { AutocompleteInteraction } from 'discord.js';
import { OPTION } from './commands';
import type { DiscordContext } from './context';
import { hintedLang, localeHint } from './inbound';

/**
 * Suggestions while the user types `question`: common questions in their language that
 * match. Answered straight away from memory; an autocomplete cannot be deferred.
 */
export async function handleAutocomplete(ctx: DiscordContext, interaction: AutocompleteInteraction): Promise<void> {
  const focused = interaction.options.getFocused(true);
  if (focused.name !== OPTION.question) {
    await interaction.respond([]);
    return;
  }
  const lang = hintedLang(localeHint(interaction.locale, interaction.guildLocale ?? interaction.guild?.preferredLocale), ctx.defaultLang);
  await interaction.respond(ctx.questions.suggest(String(focused.value ?? ''), lang));
}
