import { deepFreeze } from '../../lib/freeze';
import { randomBytes } from 'node:crypto';
import type { Client } from 'discord.js';
import type { DiscordConfig } from '../../config';
import type { Bot, InboundMessage, Reply } from '../../core';
import type { Lang } from '../../domain';
import type { Logger } from '../../logger';
import type { AnswerFn } from '../adapter';
import type { CommonQuestions } from './common-questions';
import type { Scope } from './custom-ids';
import { errorForLog } from './safe-log';
import { renderDiscord, type DiscordMessage, type DiscordRenderOptions } from './render';
import type { TurnQueue } from './turn-queue';

/** What every Discord handler works with. */
export interface DiscordContext {
  bot: Bot;
  /** The app's answering service (rate limit, logs, metrics); null means stay silent. */
  answer: AnswerFn;
  logger: Logger;
  defaultLang: Lang;
  config: DiscordConfig;
  client: Client;
  questions: CommonQuestions;
  /** Defer an interaction whose answer is not ready after this long (Discord's deadline is 3 s). */
  deferAfterMs: number;
  /** Where answers are computed, in short event-loop slices (see TurnQueue). */
  work: TurnQueue;
  /** Button texts per language, translated once. */
  labels: Record<Lang, DiscordRenderOptions['labels']>;
}

/** The two button texts of the renderer, in each language. */
export function buttonLabels(bot: Bot): Record<Lang, DiscordRenderOptions['labels']> {
  const labels = (lang: Lang) => {
    const t = bot.translations.forLang(lang);
    return { showToChannel: t('common.button.show_to_channel'), talkToHuman: t('common.button.talk_to_human') };
  };
  return { fr: labels('fr'), en: labels('en') };
}

export interface RenderPlace {
  scope: Scope;
  /** An ephemeral answer in a server: offer "Show to channel". */
  share: boolean;
}

/**
 * Renderings of answers the core reuses (frozen): the same answer in the same place renders the
 * same, so it is rendered once. Held weakly: they go when the core forgets the answer.
 */
const rendered = new WeakMap<Reply, Map<string, DiscordMessage[]>>();

export function render(ctx: DiscordContext, reply: Reply, place: RenderPlace): DiscordMessage[] {
  if (!Object.isFrozen(reply)) return renderFresh(ctx, reply, place);
  const key = `${place.scope}|${place.share}|${Boolean(ctx.config.supportChannelId)}`;
  let byPlace = rendered.get(reply);
  if (!byPlace) rendered.set(reply, (byPlace = new Map()));
  let messages = byPlace.get(key);
  if (!messages) {
    messages = deepFreeze(renderFresh(ctx, reply, place));
    byPlace.set(key, messages);
  }
  return messages;
}

/** Renders a reply with button labels in its language; "Talk to a human" only with a support channel. */
function renderFresh(ctx: DiscordContext, reply: Reply, place: RenderPlace): DiscordMessage[] {
  const messages = renderDiscord(reply, { ...place, handoffAvailable: Boolean(ctx.config.supportChannelId), labels: ctx.labels[reply.lang] });
  if (reply.attachments?.length) {
    const sent = messages.reduce((sum, message) => sum + (message.files?.length ?? 0), 0);
    if (sent < reply.attachments.length) ctx.logger.warn({ files: reply.attachments.length, sent }, 'a file is larger than Discord accepts on a message; it was left out');
  }
  return messages;
}

/**
 * The bot's answer to a message, rendered; a bot error gives its apology reply, not a rejection.
 * An empty list means stay silent (the user is over the rate limit and was already told).
 */
export function answer(ctx: DiscordContext, message: InboundMessage, place: RenderPlace): Promise<DiscordMessage[]> {
  return ctx.work.run(async () => {
    const reply = await ctx.answer(message);
    return reply ? render(ctx, reply, place) : [];
  });
}

/**
 * A short apology in the user's language with a reference for support, for failures outside
 * the bot (Discord refused a message, a network error); the log gets the same reference.
 */
export function apology(ctx: DiscordContext, lang: Lang, error: unknown, what: string): string {
  const ref = randomBytes(4).toString('hex').toUpperCase();
  ctx.logger.error({ error: errorForLog(error), ref, platform: 'discord' }, what);
  return ctx.bot.notice(lang, 'error', { ref }).paragraphs.join('\n');
}
