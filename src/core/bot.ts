import { createHash } from 'node:crypto';
import type { Lang } from '../domain';
import type { Translations } from '../i18n';
import type { KnowledgeBase } from '../knowledge/settings';
import type { SigningMaterial } from './account-files/signing';
import { AnswerCache } from './answer-cache';
import { Answerer } from './answers/compose';
import { encodeChoice } from './choices';
import { ContextStore, type ConversationState } from './context-store';
import { fallbackLanguage } from './language';
import { redact } from './redact';
import type { Handled, InboundMessage, Reply } from './types';
import type { IntentModel } from './understanding/model';
import { CONTINUABLE } from './understanding/dialogue';
import { understand } from './understanding/understand';

export interface BotOptions {
  defaultLang: Lang;
  /** Below this confidence (0..1) the bot says it did not understand instead of guessing. */
  minConfidence: number;
  /** Longer messages get a polite notice and are not analysed. */
  maxInputChars: number;
  /** How long `memory` keeps a conversation after its last message, in milliseconds. */
  contextTtlMs: number;
  /** How many conversations `memory` keeps at most. */
  contextMaxEntries: number;
  /** See `UnderstandOptions.followUps`; chats use `chat`, batch evaluation `explicit`. */
  followUps?: 'chat' | 'explicit';
  /** Certificate and key that sign Apple profiles handed out in chat. */
  profileSigning?: SigningMaterial;
  /** Identical questions in identical situations remembered (answers are deterministic); 0 turns it off. */
  answerCacheSize?: number;
  /** The trained intent model (nlu/model.json) read beside the rules; without it the rules decide alone. */
  intentModel?: IntentModel;
  /** For the ablation only: the rules or the model alone (see UnderstandOptions.decider). */
  decider?: 'rules' | 'model' | 'combined';
  /** The conversation service can check domains (DIAGNOSTICS_ENABLED): troubleshooting answers offer "Check my domain". */
  domainCheck?: boolean;
}

/** Fingerprints of answers reused from the cache (frozen): worked out once each. */
const fingerprints = new WeakMap<Reply, string>();

/**
 * What makes two answers the same to a reader: their words and values, not their buttons. A
 * digest, since it is kept with every conversation (in Redis with several replicas): 22
 * characters instead of the whole answer.
 */
function replyFingerprint(reply: Reply): string {
  let fingerprint = fingerprints.get(reply);
  if (fingerprint === undefined) {
    fingerprint = createHash('sha256').update(JSON.stringify([reply.title, reply.paragraphs, reply.fields, reply.steps])).digest('base64url').slice(0, 22);
    if (Object.isFrozen(reply)) fingerprints.set(reply, fingerprint);
  }
  return fingerprint;
}

/** One message handled: what was understood, what to answer, and what the conversation becomes. */
export interface Exchange extends Handled {
  /** The conversation after this message, to remember; absent when it is unchanged (a message too long to read). */
  next?: ConversationState;
}

/**
 * The platform-neutral bot: understands a message and answers it from the knowledge base.
 * `respond` keeps no conversation of its own (the caller stores it, in memory or elsewhere);
 * `process` and `handle` use the bot's `memory`. Nothing here knows about Slack or Discord.
 */
export class Bot {
  /** The conversations remembered in this process: `process` uses them, and the service by default. */
  readonly memory: ContextStore;
  private readonly answerer: Answerer;
  private readonly answers: AnswerCache;

  constructor(
    readonly kb: KnowledgeBase,
    readonly translations: Translations,
    private readonly options: BotOptions,
  ) {
    this.memory = new ContextStore({ ttlMs: options.contextTtlMs, maxEntries: options.contextMaxEntries });
    this.answerer = new Answerer(kb, translations, { signing: options.profileSigning }, options.domainCheck);
    this.answers = new AnswerCache(options.answerCacheSize ?? 2000);
    this.ports = new Set(kb.data.services.map((s) => s.port));
  }

  /** The ports of the knowledge base's services, for the understanding. */
  private readonly ports: ReadonlySet<number>;

  get defaultLang(): Lang {
    return this.options.defaultLang;
  }

  /** Understands and answers one message, given the conversation so far. */
  respond(message: InboundMessage, previous: ConversationState | undefined): Exchange {
    if (message.text.length > this.options.maxInputChars && !message.choice) {
      const lang = this.languageWithoutText(message, previous);
      return { understanding: { lang, intent: 'unknown', confidence: 0, entities: {} }, reply: this.notice(lang, 'too_long') };
    }
    // An empty message ("/mailconfig" alone, a bare mention) asks what the bot can do.
    if (!message.text.trim() && !message.choice) {
      message = { ...message, choice: encodeChoice({ lang: this.languageWithoutText(message, previous), intent: 'help' }) };
    }
    const key = this.answers.keyFor(message, previous);
    let handled = key === undefined ? undefined : this.answers.get(key);
    if (!handled) {
      const understanding = understand(message, previous, {
        defaultLang: this.options.defaultLang,
        hostPrefix: this.kb.hostPrefix,
        minConfidence: this.options.minConfidence,
        followUps: this.options.followUps ?? 'chat',
        model: this.options.intentModel,
        ports: this.ports,
        decider: this.options.decider,
      });
      handled = { understanding, reply: this.answerer.answer(understanding) };
      // Setup files carry fresh identifiers each time: never reuse them.
      if (key !== undefined && !handled.reply.attachments) this.answers.set(key, handled);
    }
    const { understanding } = handled;
    let { reply } = handled;
    const fingerprint = replyFingerprint(reply);
    // The same answer twice in a row reads as a bot stuck in a loop: say it is the same, and offer the next step.
    if (previous?.lastReply === fingerprint && reply.kind === 'answer' && !message.choice) reply = this.sameAgain(reply);
    const question = message.choice ? reply.title ?? understanding.intent : redact(message.text).slice(0, 500);
    const turns = [...(previous?.turns ?? []), { question, intent: understanding.intent, answerTitle: reply.title }];
    // A message not understood ("will he see the same emails?") does not end the topic: the next one
    // ("it's office@x.org") still continues it, with what the unclear one added.
    const keepTopic = understanding.intent === 'unknown' && previous !== undefined && CONTINUABLE.has(previous.intent);
    return {
      understanding,
      reply,
      next: {
        lang: understanding.lang,
        intent: keepTopic ? previous.intent : understanding.intent,
        entities: keepTopic ? { ...previous.entities, ...understanding.entities } : understanding.entities,
        turns: turns.slice(-ContextStore.TURNS_KEPT),
        lastReply: fingerprint,
        // The core runs no check, but a support case asked later must still show the last one.
        ...(previous?.lastCheck && { lastCheck: previous.lastCheck }),
      },
    };
  }

  /** `respond` with the bot's own memory (the CLI, the evaluation, tests). */
  process(message: InboundMessage): Handled {
    const { understanding, reply, next } = this.respond(message, this.memory.get(message.conversationId));
    if (next) this.memory.set(message.conversationId, next);
    return { understanding, reply };
  }

  async handle(message: InboundMessage): Promise<Reply> {
    return this.process(message).reply;
  }

  /** "That's the same answer as just before: …", keeping the values and buttons, and pointing to the next step. */
  private sameAgain(reply: Reply): Reply {
    const t = this.translations.forLang(reply.lang);
    const next = encodeChoice({ lang: reply.lang, intent: 'troubleshooting' });
    const suggestions = reply.suggestions?.some((s) => s.choice === next)
      ? reply.suggestions
      : [{ label: t('common.suggest.troubleshooting'), choice: next }, ...(reply.suggestions ?? [])].slice(0, 5);
    return {
      ...reply,
      paragraphs: [t('answers.same_again', { first: reply.paragraphs[0] ?? reply.title ?? '' }), t('answers.same_again_next')],
      notes: undefined,
      suggestions,
    };
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

  private languageWithoutText(message: InboundMessage, previous: ConversationState | undefined): Lang {
    return fallbackLanguage({ chosen: message.forceLang, conversation: previous?.lang, localeHint: message.localeHint }, this.options.defaultLang);
  }
}
