import { randomBytes } from 'node:crypto';
import type { Client } from 'discord.js';
import type { DiscordConfig } from '../../config';
import type { Bot } from '../../core/bot';
import type { Lang, Reply } from '../../core/types';
import type { Logger } from '../../logger';
import { answerSafely } from '../answer-safely';
import type { CommonQuestions } from './common-questions';
import type { Scope } from './custom-ids';
import { renderDiscord, type DiscordMessage } from './render';

/** What every Discord handler works with. */
export interface DiscordContext {
  bot: Bot;
  logger: Logger;
  defaultLang: Lang;
  config: DiscordConfig;
  client: Client;
  questions: CommonQuestions;
  /** Defer an interaction whose answer is not ready after this long (Discord's deadline is 3 s). */
  deferAfterMs: number;
}

export interface RenderPlace {
  scope: Scope;
  /** An ephemeral answer in a server: offer "Show to channel". */
  share: boolean;
}

/** Renders a reply with button labels in its language; "Talk to a human" only with a support channel. */
export function render(ctx: DiscordContext, reply: Reply, place: RenderPlace): DiscordMessage[] {
  const t = ctx.bot.translations.forLang(reply.lang);
  return renderDiscord(reply, {
    ...place,
    handoffAvailable: Boolean(ctx.config.supportChannelId),
    labels: { showToChannel: t('common.button.show_to_channel'), talkToHuman: t('common.button.talk_to_human') },
  });
}

/** The bot's answer to a message, rendered; never rejects for a bot error (the user gets an apology reply). */
export async function answer(ctx: DiscordContext, message: Parameters<Bot['handle']>[0], place: RenderPlace): Promise<DiscordMessage[]> {
  const reply = await answerSafely(ctx.bot, message, ctx.logger, ctx.defaultLang);
  return render(ctx, reply, place);
}

/**
 * A short apology in the user's language with a reference for support, for failures outside
 * the bot (Discord refused a message, a network error); the log gets the same reference.
 */
export function apology(ctx: DiscordContext, lang: Lang, error: unknown, what: string): string {
  const ref = randomBytes(4).toString('hex').toUpperCase();
  ctx.logger.error({ err: error, ref, platform: 'discord' }, what);
  return ctx.bot.notice(lang, 'error', { ref }).paragraphs.join('\n');
}
