import { OPTION } from './commands';
import type { DiscordContext } from './context';
import { conversationId, localeHint } from './inbound';
import { focusedOption, placeOf, type RawInteraction } from './interaction';
import type { InteractionResponder } from './respond';
import { errorForLog } from './safe-log';

/**
 * Suggestions while the user types `question`: common questions in their language that
 * match. Answered straight away from memory: an autocomplete cannot be deferred, and on a
 * failure the best answer left is an empty list (Discord then keeps what the user typed).
 */
export async function handleAutocomplete(ctx: DiscordContext, interaction: RawInteraction, responder: InteractionResponder): Promise<void> {
  let choices: Array<{ name: string; value: string }> = [];
  try {
    const focused = focusedOption(interaction);
    if (focused?.name === OPTION.question) {
      const lang = await ctx.service.language({
        conversationId: conversationId(placeOf(interaction), 'u'),
        localeHint: localeHint(interaction.locale, interaction.guild_locale),
      });
      choices = ctx.questions.suggest(focused.value, lang);
    }
  } catch (error) {
    ctx.logger.error({ error: errorForLog(error) }, 'finding autocomplete suggestions failed');
  }
  await responder.choices(choices);
}
