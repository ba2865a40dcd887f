import type { REST } from 'discord.js';
import type { DiscordConfig } from '../../config';
import type { InboundMessage, Reply } from '../../core';
import type { Lang } from '../../domain';
import type { Logger } from '../../logger';
import type { ConversationService, Recipient, RenderCache } from '../../service';
import type { CommonQuestions } from './common-questions';
import type { Scope } from './custom-ids';
import { errorForLog } from './safe-log';
import { renderDiscord, type DiscordMessage, type DiscordRenderOptions } from './render';

/** What every Discord handler works with. */
export interface DiscordContext {
  /** Answers, languages, apologies and handoffs. */
  service: ConversationService;
  logger: Logger;
  config: DiscordConfig;
  /** Everything the adapter sends goes through it: callbacks, webhook edits, replies, support cases. */
  rest: REST;
  questions: CommonQuestions;
  /** Defer an interaction whose answer is not ready after this long (Discord's deadline is 3 s). */
  deferAfterMs: number;
  /** Button texts per language, translated once. */
  labels: Record<Lang, DiscordRenderOptions['labels']>;
  /** Renderings of reused answers, per place. */
  renderings: RenderCache<DiscordMessage[]>;
}

/** The two button texts of the renderer, in each language. */
export function buttonLabels(service: ConversationService): Record<Lang, DiscordRenderOptions['labels']> {
  const labels = (lang: Lang) => {
    const t = service.translations.forLang(lang);
    return { showToChannel: t('common.button.show_to_channel'), talkToHuman: t('common.button.talk_to_human') };
  };
  return { fr: labels('fr'), en: labels('en') };
}

export interface RenderPlace {
  scope: Scope;
  /** An ephemeral answer in a server: offer "Show to channel". */
  share: boolean;
}

export function render(ctx: DiscordContext, reply: Reply, place: RenderPlace): DiscordMessage[] {
  const key = `${place.scope}|${place.share}|${Boolean(ctx.config.supportChannelId)}`;
  return ctx.renderings.get(reply, key, () => renderFresh(ctx, reply, place));
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
 * An empty list means stay silent (a copy of a delivery already taken, or a user over the rate
 * limit who was already told).
 */
export async function answer(ctx: DiscordContext, message: InboundMessage, place: RenderPlace, deliveryKey?: string): Promise<DiscordMessage[]> {
  const reply = await ctx.service.handle(message, deliveryKey);
  return reply ? render(ctx, reply, place) : [];
}

/**
 * The service's apology as Discord message text, for failures outside the bot (Discord refused a
 * message, a network error); the error is logged in the form that keeps interaction tokens out.
 */
export async function apology(ctx: DiscordContext, whom: Recipient, error: unknown, what: string): Promise<string> {
  const reply = await ctx.service.apologise({ platform: 'discord', ...whom }, { error, what, logAs: { error: errorForLog(error) }, logger: ctx.logger });
  return reply.paragraphs.join('\n');
}
