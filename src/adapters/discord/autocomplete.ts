import type { AutocompleteInteraction } from 'discord.js';
import { OPTION } from './commands';
import type { DiscordContext } from './context';
import { conversationId, localeHint } from './inbound';
import { isAlreadyAcknowledged } from './respond';
import { errorForLog } from './safe-log';

/**
 * Suggestions while the user types `question`: common questions in their language that
 * match. Answered straight away from memory: an autocomplete cannot be deferred, and on a
 * failure the best answer left is an empty list (Discord then keeps what the user typed).
 */
export async function handleAutocomplete(ctx: DiscordContext, interaction: AutocompleteInteraction): Promise<void> {
  let choices: Array<{ name: string; value: string }> = [];
  try {
    const focused = interaction.options.getFocused(true);
    if (focused.name === OPTION.question) {
      const lang = await ctx.service.language({
        conversationId: conversationId({ channelId: interaction.channelId ?? '', guildId: interaction.guildId, userId: interaction.user.id }, 'u'),
        localeHint: localeHint(interaction.locale, interaction.guildLocale ?? interaction.guild?.preferredLocale),
      });
      choices = ctx.questions.suggest(String(focused.value ?? ''), lang);
    }
  } catch (error) {
    ctx.logger.error({ error: errorForLog(error) }, 'finding autocomplete suggestions failed');
  }
  await interaction.respond(choices).catch((error: unknown) => {
    // A retried answer whose first attempt did arrive: nothing is lost.
    if (!isAlreadyAcknowledged(error)) throw error;
  });
}
