import type { Lang } from '../../domain';
import { answer, apology, render, type DiscordContext } from './context';
import { decodeButton, type Scope } from './custom-ids';
import { conversationId, localeHint, PLATFORM, suggestionToInbound } from './inbound';
import { onEphemeralMessage, placeOf, userOf, type RawInteraction } from './interaction';
import { apologise, respond, type InteractionResponder } from './respond';

/**
 * A button click, answered in place: a suggestion on a private (ephemeral) answer replaces
 * that answer; on a public message it answers the clicker privately, without changing what
 * everybody sees. "Show to channel" reposts the clicked answer publicly; "Talk to a human"
 * sends the conversation to the support team.
 */
export async function handleButton(ctx: DiscordContext, interaction: RawInteraction, responder: InteractionResponder): Promise<void> {
  const place = placeOf(interaction);
  const guildLocale = interaction.guild_locale;
  const hint = localeHint(interaction.locale, guildLocale);
  const inGuild = Boolean(place.guildId);
  // Buttons from an older version of the bot (or forged ids) are an empty question: the help answer rather than nothing.
  const action = decodeButton(String(interaction.data?.custom_id ?? '')) ?? { action: 'ask', scope: 'u', choice: undefined };
  const scope: Scope = action.action === 'share' ? 'u' : action.scope;
  const whom = { conversationId: conversationId(place, scope), localeHint: hint };
  try {
    switch (action.action) {
      case 'ask': {
        const message = suggestionToInbound({ ...place, locale: interaction.locale, guildLocale }, action.scope, action.choice);
        const mode = onEphemeralMessage(interaction) ? ({ kind: 'update', ephemeral: true } as const) : ({ kind: 'reply', ephemeral: inGuild } as const);
        await respond(responder, mode, answer(ctx, message, { scope: action.scope, share: inGuild && mode.ephemeral }), ctx.deferAfterMs);
        return;
      }
      case 'share':
        await share(ctx, interaction, responder, await ctx.service.language(whom));
        return;
      case 'human': {
        const user = userOf(interaction);
        const requester = { platform: PLATFORM, userId: user.id, name: user.username, label: `<@${user.id}> (${user.username})` };
        const confirmation = ctx.service.requestHuman({ ...whom, requester }).then((reply) => render(ctx, reply, { scope: action.scope, share: false }));
        await respond(responder, { kind: 'reply', ephemeral: inGuild }, confirmation, ctx.deferAfterMs);
        return;
      }
    }
  } catch (error) {
    await apologise(responder, await apology(ctx, whom, error, `handling the "${action.action}" button failed`));
  }
}

/**
 * Reposts the clicked private answer for the whole channel. The answer is read from the
 * clicked message itself, so this works without any state, on any replica, even after a restart.
 */
async function share(ctx: DiscordContext, interaction: RawInteraction, responder: InteractionResponder, lang: Lang): Promise<void> {
  const embeds = interaction.message?.embeds ?? [];
  if (!embeds.length) {
    const t = ctx.service.translations.forLang(lang);
    await responder.say({ content: t('discord.share_unavailable') }, true);
    return;
  }
  await responder.say({ embeds }, false);
}
