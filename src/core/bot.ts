import type { Translations } from '../i18n';
import type { KnowledgeBase } from '../knowledge/settings';
import { Answerer } from './answers/compose';
import { AnswerCache } from './answer-cache';
import { encodeChoice } from './choices';
import { TtlCache } from '../lib/ttl-cache';
import { ContextStore, type ConversationState } from './context-store';
import { redact } from './redact';
import type { Handled, InboundMessage, Lang, Reply } from './types';
import { understand } from './understanding/understand';
import type { SigningMaterial } from './account-files/signing';
import { langFromLocale } from './understanding/language';

export interface BotOptions {
  defaultLang: Lang;
  /** Below this confidence (0..1) the bot says it did not understand instead of guessing. */
  minConfidence: number;
  /** Longer messages get a polite notice and are not analysed. */
  maxInputChars: number;
  contextTtlMs: number;
  contextMaxEntries: number;
  /** See `UnderstandOptions.followUps`; chats use `chat`, batch evaluation `explicit`. */
  followUps?: 'chat' | 'explicit';
  /** Certificate and key that sign Apple profiles handed out in chat. */
  profileSigning?: SigningMaterial;
  /** Identical questions in identical situations remembered (answers are deterministic); 0 turns it off. */
  answerCacheSize?: number;
}

/** What an agent needs to pick up a conversation the bot could not finish. */
export interface HandoffSummary {
  lang: Lang;
  /** Recent questions (redacted), intents and what the bot answered, oldest first. */
  turns: ConversationState['turns'];
  entities: ConversationState['entities'];
}

/**
 * The platform-neutral bot: understands a message, answers it from the knowledge base and
 * remembers the conversation. Adapters call `handle`; nothing here knows about Slack or Discord.
 */
export class Bot {
  private readonly context: ContextStore;
  private readonly answerer: Answerer;
  private readonly answers: AnswerCache;
  private readonly handoffs = new TtlCache<true>(30 * 60 * 1000, 10_000);

  constructor(
    readonly kb: KnowledgeBase,
    readonly translations: Translations,
    private readonly options: BotOptions,
  ) {
    this.context = new ContextStore({ ttlMs: options.contextTtlMs, maxEntries: options.contextMaxEntries });
    this.answerer = new Answerer(kb, translations, { signing: options.profileSigning });
    this.answers = new AnswerCache(options.answerCacheSize ?? 2000);
  }

  /** Understands and answers one message (synchronous; `handle` is the adapters' async entry). */
  process(message: InboundMessage): Handled {
    const previous = this.context.get(message.conversationId);
    if (message.text.length > this.options.maxInputChars && !message.choice) {
      const lang = message.forceLang ?? langFromLocale(message.localeHint) ?? previous?.lang ?? this.options.defaultLang;
      return { understanding: { lang, intent: 'unknown', confidence: 0, entities: {} }, reply: this.notice(lang, 'too_long') };
    }
    // An empty message ("/mailconfig" alone, a bare mention) asks what the bot can do.
    if (!message.text.trim() && !message.choice) {
      const lang = message.forceLang ?? langFromLocale(message.localeHint) ?? previous?.lang ?? this.options.defaultLang;
      message = { ...message, choice: encodeChoice({ lang, intent: 'help' }) };
    }
    const key = this.answers.keyFor(message, previous);
    let handled = key === undefined ? undefined : this.answers.get(key);
    if (!handled) {
      const understanding = understand(message, previous, {
        defaultLang: this.options.defaultLang,
        hostPrefix: this.kb.hostPrefix,
        minConfidence: this.options.minConfidence,
        followUps: this.options.followUps ?? 'chat',
      });
      handled = { understanding, reply: this.answerer.answer(understanding) };
      // Setup files carry fresh identifiers each time: never reuse them.
      if (key !== undefined && !handled.reply.attachments) this.answers.set(key, handled);
    }
    const { understanding, reply } = handled;
    const question = message.choice ? reply.title ?? understanding.intent : redact(message.text).slice(0, 500);
    this.context.set(message.conversationId, {
      lang: understanding.lang,
      intent: understanding.intent,
      entities: understanding.entities,
      turns: [...(previous?.turns ?? []), { question, intent: understanding.intent, answerTitle: reply.title }],
    });
    return handled;
  }

  async handle(message: InboundMessage): Promise<Reply> {
    return this.process(message).reply;
  }

  /** A short reply that is not an answer: input too long, too many messages, an internal error. */
  notice(lang: Lang, key: 'too_long' | 'rate_limited' | 'error', values: Record<string, string | number> = {}): Reply {
    const t = this.translations.forLang(lang);
    return {
      lang,
      kind: key === 'error' ? 'error' : 'notice',
      paragraphs: [t(`notices.${key}`, { max: this.options.maxInputChars, ...values })],
    };
  }

  /** The conversation so far, for a human agent; undefined when nothing is remembered. */
  summary(conversationId: string): HandoffSummary | undefined {
    const state = this.context.get(conversationId);
    return state && { lang: state.lang, turns: state.turns, entities: state.entities };
  }

  /**
   * True the first time a conversation asks for a person within half an hour: one support case
   * per conversation, however often "Talk to a human" is clicked. `release` undoes a claim whose
   * case could not be posted, so the next click tries again.
   */
  claimHandoff(conversationId: string): boolean {
    if (this.handoffs.get(conversationId)) return false;
    this.handoffs.set(conversationId, true);
    return true;
  }

  releaseHandoff(conversationId: string): void {
    this.handoffs.delete(conversationId);
  }

  /** The language the conversation was last answered in. */
  conversationLang(conversationId: string): Lang | undefined {
    return this.context.get(conversationId)?.lang;
  }

  get contextSize(): number {
    return this.context.size;
  }
}
