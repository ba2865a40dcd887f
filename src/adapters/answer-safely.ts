import { randomBytes } from 'node:crypto';
import { langFromLocale, type Bot, type InboundMessage, type Reply } from '../core';
import type { Lang } from '../domain';
import type { Logger } from '../logger';

/**
 * The one way adapters get an answer: never throws. On an internal error the user gets a
 * short apology in their language with a reference code; the log gets the code and the stack.
 */
export async function answerSafely(bot: Bot, message: InboundMessage, logger: Logger, defaultLang: Lang): Promise<Reply> {
  try {
    return await bot.handle(message);
  } catch (error) {
    const ref = randomBytes(4).toString('hex').toUpperCase();
    logger.error({ err: error, ref, platform: message.platform }, 'handling a message failed');
    const lang = message.forceLang ?? bot.conversationLang(message.conversationId) ?? langFromLocale(message.localeHint) ?? defaultLang;
    return bot.notice(lang, 'error', { ref });
  }
}
