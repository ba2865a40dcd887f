import { createHash } from 'node:crypto';
import type { AnswerFn } from './adapters/adapter';
import type { WebChatBackend } from './adapters/web';
import type { Config } from './config';
import type { Bot } from './core/bot';
import { handoffCase, handoffConfirmation } from './core/handoff';
import type { Lang, Reply, ReplyLink } from './core/types';
import type { Logger } from './logger';

/** Where a website visitor's case goes: the support channel of Slack or Discord. */
export interface SupportDesk {
  /** For logs: `slack` or `discord`. */
  readonly name: string;
  /** Posts a case (already worded in the support team's language). */
  post(theCase: Reply): Promise<void>;
}

export interface BotWebChatBackendOptions {
  bot: Bot;
  /** The app's rate-limited, logged, metered answering. */
  answer: AnswerFn;
  /** Absent when no support channel is configured: users get the support contact instead. */
  desk?: SupportDesk;
  /** The support team's language (DEFAULT_LANG), as for the other platforms' cases. */
  supportLang: Lang;
  logger: Logger;
}

/** A short reference for a conversation, shown to the visitor and in the case; not reversible to the session id. */
export function caseReference(conversationId: string): string {
  return createHash('sha256').update(conversationId).digest('hex').slice(0, 8).toUpperCase();
}

/**
 * The web chat's backend over today's Bot and Answering. Temporary by design: when the
 * conversation service lands (src/service/), it implements WebChatBackend and this goes.
 */
export function botWebChatBackend(options: BotWebChatBackendOptions): WebChatBackend {
  const { bot, desk, logger } = options;
  const support = bot.kb.data.provider.support;

  /** The knowledge base's support contact, as a sentence and as links (mailto and https only). */
  const contact = (lang: Lang, key: 'contact' | 'unavailable'): Reply => {
    const t = bot.translations.forLang(lang);
    const channels = (['email', 'url', 'phone'] as const)
      .filter((name) => support[name])
      .map((name) => t(`common.support.${name}`, { value: support[name] }))
      .join(t('common.support.or'));
    const hours = support.hours?.[lang];
    const sentence =
      key === 'unavailable'
        ? t('handoff.unavailable', { contact: channels || bot.kb.data.provider.helpUrl })
        : t(hours ? 'web.handoff.contact_hours' : 'web.handoff.contact', { contact: channels || bot.kb.data.provider.helpUrl, hours });
    const links: ReplyLink[] = [];
    if (support.email) links.push({ label: support.email, url: `mailto:${support.email}` });
    if (support.url) links.push({ label: support.url, url: support.url });
    return { lang, kind: 'notice', paragraphs: [sentence], ...(links.length ? { links } : {}) };
  };

  const confirmation = (lang: Lang, ref: string): Reply => {
    const t = bot.translations.forLang(lang);
    const reply = handoffConfirmation(t, lang);
    const channels = support.email ?? support.url ?? support.phone ?? bot.kb.data.provider.helpUrl;
    return { ...reply, paragraphs: [t('web.handoff.confirmed', { ref, contact: channels })] };
  };

  return {
    answer: (message) => options.answer(message),

    async requestHuman(conversationId, lang) {
      const summary = bot.summary(conversationId);
      const userLang = summary?.lang ?? lang;
      // Nothing asked yet (or forgotten): no case to hand over, and no empty cases for spammers to post.
      if (!desk || !summary?.turns.length) return contact(userLang, 'contact');
      const ref = caseReference(conversationId);
      if (!bot.claimHandoff(conversationId)) return confirmation(userLang, ref);
      const supportT = bot.translations.forLang(options.supportLang);
      const theCase = handoffCase(summary, { platform: supportT('web.handoff.platform'), label: supportT('web.handoff.requester', { ref }) }, supportT, userLang);
      try {
        await desk.post(theCase);
      } catch (error) {
        bot.releaseHandoff(conversationId);
        logger.error({ err: error, desk: desk.name }, 'web chat handoff: posting the case to the support channel failed');
        return contact(userLang, 'unavailable');
      }
      logger.info({ desk: desk.name, ref, event: 'webchat_handoff' }, 'web chat: case posted to the support channel');
      return confirmation(userLang, ref);
    },
  };
}

/**
 * The support channel a website visitor's case goes to: Slack's when SLACK_SUPPORT_CHANNEL is
 * set, else Discord's. Each SDK is loaded only when it is configured.
 */
export function supportDeskFor(config: Config, logger: Logger): SupportDesk | undefined {
  const slack = config.slack;
  if (slack?.supportChannel) {
    const channel = slack.supportChannel;
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { createWebClient, webClientOptions } = require('./adapters/slack/web-client') as typeof import('./adapters/slack/web-client');
    const { boltLogger } = require('./adapters/slack/bolt-logger') as typeof import('./adapters/slack/bolt-logger');
    const { renderSlack } = require('./adapters/slack/render') as typeof import('./adapters/slack/render');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const client = createWebClient(slack, webClientOptions(slack, boltLogger(logger), {}, logger));
    return {
      name: 'slack',
      async post(theCase) {
        for (const page of renderSlack(theCase)) {
          await client.chat.postMessage({ channel, text: page.text, blocks: page.blocks, unfurl_links: false, unfurl_media: false });
        }
      },
    };
  }
  const discord = config.discord;
  if (discord?.supportChannelId) {
    const channelId = discord.supportChannelId;
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { REST, Routes } = require('discord.js') as typeof import('discord.js');
    const { restOptions, DEFAULT_REST_TIMINGS } = require('./adapters/discord/rest-options') as typeof import('./adapters/discord/rest-options');
    const { renderDiscord } = require('./adapters/discord/render') as typeof import('./adapters/discord/render');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const rest = new REST(restOptions(discord.apiUrl, DEFAULT_REST_TIMINGS, logger)).setToken(discord.token);
    return {
      name: 'discord',
      async post(theCase) {
        const parts = renderDiscord(theCase, { scope: 'u', share: false, handoffAvailable: false, labels: { showToChannel: '', talkToHuman: '' } });
        for (const { embeds, components, allowed_mentions } of parts) {
          await rest.post(Routes.channelMessages(channelId), { body: { embeds, components, allowed_mentions } });
        }
      },
    };
  }
  return undefined;
}
