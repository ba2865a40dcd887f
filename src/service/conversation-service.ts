import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fallbackLanguage, handoffCase, handoffConfirmation, redact, type Bot, type ConversationState, type Exchange, type InboundMessage, type Reply } from '../core';
import { isLang, type Lang } from '../domain';
import type { Translations } from '../i18n';
import type { Logger } from '../logger';
import type { Metrics } from '../ops/metrics';
import type { UnansweredLog } from '../ops/unanswered-log';
import { MemoryStateStore, type StateStore } from '../state';
import type { Admission, RateLimitCounters } from './rate-limiter';
import { conversationsIn, type ConversationStore, type Deliveries, type HandoffClaims, type KeptReplies } from './state';
import { DomainCheckAnswers, type DomainChecks } from './domain-check';
import { SingleHolder, type ExclusiveJob, type SingleHolderOptions } from './single-holder';
import { deliveriesInStore, handoffClaimsInStore, keptRepliesInStore } from './stored-state';
import { supportContact, type Requester, type SupportDesk } from './support-desk';
import { TurnQueue } from './turn-queue';

export interface ConversationServiceOptions {
  bot: Bot;
  logger: Logger;
  /** The app's metrics; none are kept without. */
  metrics?: Metrics;
  /** Per-user message limits; no limit without. */
  limits?: RateLimitCounters;
  /** Where unanswered questions go, for the knowledge base to grow. */
  unanswered?: UnansweredLog;
  /** Put the (redacted) message text in the per-message log line. Off by default: it is personal data. */
  logMessageText?: boolean;
  /** Answers below this confidence are recorded as unanswered (default 0.7). */
  lowConfidence?: number;
  /**
   * The state shared by replicas (Redis), or this process's: leases are taken in it, and it holds
   * claims, deliveries and kept replies unless given below. A memory store of its own by default.
   */
  store?: StateStore;
  /** Where conversations are remembered; the bot's own memory by default. */
  conversations?: ConversationStore;
  /** One support case per conversation; in `store` by default. */
  claims?: HandoffClaims;
  /** Events and commands already taken (de-duplication); in `store` by default. */
  deliveries?: Deliveries;
  /** Replies kept for a button that needs them later; in `store` by default. */
  kept?: KeptReplies;
  /** The domain check (DiagnosticsService); without it a check asked for gets "not available" and the support contact. */
  diagnostics?: DomainChecks;
  /** Longest wait for one domain check, in milliseconds (default 15 s). */
  diagnosticsTimeoutMs?: number;
}

/** Keys the service's own memory keeps at most when no shared state is given (tests, benchmarks). */
const OWN_MEMORY_MAX_KEYS = 50_000;

/** Who a reply with no text to read is for: what tells their language. */
export interface Recipient {
  conversationId?: string;
  /** A language asked for or seen (`ask --lang`, the language of the clicked answer); ignored unless one the bot speaks. */
  chosen?: string;
  /** The platform's idea of the user's language ("fr-CA"). */
  localeHint?: string;
  /** The language of the place rather than the user's (a Discord server's preferred locale). */
  placeLocale?: string;
}

/** Something that went wrong and deserves an apology. */
export interface Failure {
  error: unknown;
  /** What failed: the log line's message ("answering a slash command failed"). */
  what: string;
  /** The error as it may be logged (`{ err: error }` by default); platforms whose errors carry secrets pass a scrubbed form. */
  logAs?: Record<string, unknown>;
  /** Where the log line goes: the adapter's own logger, so its errors count as the platform's. */
  logger?: Logger;
}

/** A user asking for a person. */
export interface HandoffRequest extends Recipient {
  conversationId: string;
  requester: Requester;
}

/**
 * What every platform needs, in one place: Slack, Discord, the console (and any new platform)
 * call it with platform-neutral messages and render the replies it gives. It answers messages
 * (rate limit, one log line and metrics per message, unanswered questions recorded, an
 * apology with a reference code instead of an exception), remembers conversations, picks the
 * language when there is no text to read, and hands conversations to a human support desk.
 */
export class ConversationService {
  private accepting = true;
  private readonly bot: Bot;
  private readonly logger: Logger;
  private readonly store: StateStore;
  private readonly conversations: ConversationStore;
  private readonly claims: HandoffClaims;
  private readonly deliveries: Deliveries;
  private readonly kept: KeptReplies;
  private readonly desks: SupportDesk[] = [];
  /** The message being answered in each conversation: the next one waits for it (see `inTurn`). */
  private readonly turns = new Map<string, Promise<unknown>>();
  /** Where the core's work runs, in short slices of the event loop. */
  private readonly work = new TurnQueue();
  /** Runs the domain checks the core cannot (it knows no network). */
  private readonly domainChecks: DomainCheckAnswers;

  constructor(private readonly options: ConversationServiceOptions) {
    this.bot = options.bot;
    this.logger = options.logger;
    this.store = options.store ?? new MemoryStateStore({ maxKeys: OWN_MEMORY_MAX_KEYS });
    this.conversations = options.conversations ?? conversationsIn(options.bot.memory);
    this.claims = options.claims ?? handoffClaimsInStore(this.store);
    this.deliveries = options.deliveries ?? deliveriesInStore(this.store);
    this.kept = options.kept ?? keptRepliesInStore(this.store);
    this.domainChecks = new DomainCheckAnswers({
      checks: options.diagnostics,
      translations: options.bot.translations,
      supportContact: supportContact(options.bot.kb),
      logger: options.logger,
      timeoutMs: options.diagnosticsTimeoutMs,
    });
  }

  /** The language of texts not tied to a user (support cases) and the last resort for users (DEFAULT_LANG). */
  get defaultLang(): Lang {
    return this.bot.defaultLang;
  }

  /** The bot's texts, for what adapters word themselves (button labels, platform notices). */
  get translations(): Translations {
    return this.bot.translations;
  }

  /**
   * A user's message: the reply to send, or null when the bot must stay silent (a copy of a
   * delivery already taken, rate-limited again, or stopped). `deliveryKey` names the delivery
   * for de-duplication (see `firstDelivery`). Never rejects: an internal error becomes an
   * apology with a reference.
   */
  async handle(message: InboundMessage, deliveryKey?: string): Promise<Reply | null> {
    if (!this.accepting) return null;
    let outcome: Outcome;
    try {
      // Checked beside the conversation's read: with Redis, the three go in one round trip.
      outcome = await this.exchange(message, async () => {
        const [first, admission] = await Promise.all([deliveryKey === undefined || this.firstDelivery(deliveryKey), this.admission(message)]);
        return first ? admission : 'copy';
      });
    } catch (error) {
      this.options.metrics?.errors.inc({ platform: message.platform, kind: 'handling' });
      return this.apologise({ platform: message.platform, ...cluesOf(message) }, { error, what: 'handling a message failed' });
    }
    if ('answered' in outcome) {
      this.record(message, outcome.answered.exchange, outcome.answered.seconds);
      return outcome.answered.exchange.reply;
    }
    if (outcome.refused === 'copy') return null;
    this.options.metrics?.rateLimited.inc({ platform: message.platform });
    if (outcome.refused === 'drop') return null;
    this.logger.info({ platform: message.platform, event: 'rate_limited' }, 'rate limit reached');
    return this.bot.notice(this.languageIn(cluesOf(message), outcome.conversation), 'rate_limited');
  }

  /**
   * An answer the bot shows without being asked (the Slack Home tab): answered like a message
   * and remembered, but not a user's message, so never rate-limited, logged or counted as one.
   */
  async prepare(message: InboundMessage): Promise<Reply> {
    try {
      const outcome = await this.exchange(message);
      // Nothing refuses an answer asked for without checks.
      if ('answered' in outcome) return outcome.answered.exchange.reply;
      throw new Error(`an answer without checks was refused (${outcome.refused})`);
    } catch (error) {
      return this.apologise({ platform: message.platform, ...cluesOf(message) }, { error, what: 'handling a message failed' });
    }
  }

  /**
   * True for the first delivery of an event or command (`key`: the platform's event id, or a
   * hash of the payload), false for a copy: a platform's retry, or the copy another replica got
   * too. Adapters answer only the first. A store that cannot be read says "first": a reply
   * answered twice is better than one lost.
   */
  async firstDelivery(key: string): Promise<boolean> {
    return this.deliveries.first(key).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'de-duplication unavailable; delivery answered');
      return true;
    });
  }

  /**
   * A job only one replica may run at a time (the Discord gateway session), elected by a lease
   * in the shared state; with memory state, this process is the only candidate and runs it.
   */
  singleHolder(name: string, job: ExclusiveJob, timings?: Pick<SingleHolderOptions, 'leaseMs' | 'renewEveryMs' | 'pollEveryMs'>): SingleHolder {
    return new SingleHolder({ store: this.store, name, logger: this.logger, ...timings }, job);
  }

  /**
   * Keeps a reply under `id` for a button that will need it again (Slack's "Share in channel"),
   * where any replica can read it back; `id` must be unguessable (randomUUID).
   */
  keepReply(id: string, reply: Reply): Promise<void> {
    return this.kept.keep(id, reply);
  }

  /** A reply kept by `keepReply` (on this replica or another), or undefined once expired. */
  async keptReply(id: string): Promise<Reply | undefined> {
    return this.kept.get(id).catch(() => undefined);
  }

  /**
   * The language for something with no text to read (a notice, an apology, a label): the core's
   * one order (`fallbackLanguage`), with the conversation read from the store. Never rejects.
   */
  async language(clues: Recipient): Promise<Lang> {
    return this.languageIn(clues, clues.conversationId === undefined ? undefined : await this.remembered(clues.conversationId));
  }

  /**
   * A short apology in the user's language with a reference code for support; the log line
   * has the same code and the error. For failures anywhere: the bot, or a platform refusing a message.
   */
  async apologise(whom: Recipient & { platform: string }, failure: Failure): Promise<Reply> {
    const ref = randomBytes(4).toString('hex').toUpperCase();
    (failure.logger ?? this.logger).error({ ...(failure.logAs ?? { err: failure.error }), ref, platform: whom.platform }, failure.what);
    return this.bot.notice(await this.language(whom), 'error', { ref });
  }

  /** Makes a support channel available to "Talk to a human": one per platform (an adapter started again replaces its own). */
  addSupportDesk(desk: SupportDesk): void {
    const index = this.desks.findIndex((d) => d.platform === desk.platform);
    if (index >= 0) this.desks[index] = desk;
    else this.desks.push(desk);
  }

  /**
   * "Talk to a human": the conversation so far (redacted) goes to the support desk of the
   * requester's platform, or the first there is, in the support team's language; the user is
   * told, in theirs. One case per conversation: further requests only repeat the confirmation.
   * When no case can be posted, the user gets the provider's own support contact.
   */
  async requestHuman(request: HandoffRequest): Promise<Reply> {
    const { conversationId, requester } = request;
    const state = await this.remembered(conversationId);
    const lang = this.languageIn(request, state);
    const desk = this.desks.find((d) => d.platform === requester.platform) ?? this.desks[0];
    if (!desk) return this.supportUnavailable(lang);
    // Support cannot write back to such a requester: a case with nothing asked in it would be no use.
    if (requester.reference !== undefined && !state?.turns.length) return this.supportUnavailable(lang);
    if (await this.claims.claim(conversationId)) {
      const supportT = this.translations.forLang(this.defaultLang);
      const platformKey = `handoff.platform.${requester.platform}`;
      const platform = this.translations.has(this.defaultLang, platformKey) ? supportT(platformKey) : requester.platform;
      const supportCase = handoffCase(state, { platform, label: requester.label }, supportT, lang);
      const posted = await desk.post(supportCase, requester).catch((error: unknown) => {
        this.logger.error({ err: error, desk: desk.platform }, 'handoff: posting the case to the support desk failed');
        return false;
      });
      if (!posted) {
        // The next request tries again.
        await this.claims.release(conversationId);
        return this.supportUnavailable(lang);
      }
    }
    return this.confirmation(lang, requester);
  }

  /**
   * Stops answering: called once the adapters have stopped taking messages and finished those
   * in flight, so anything still arriving (a straggling event) gets silence, not a half answer.
   */
  close(): void {
    this.accepting = false;
  }

  private languageIn(clues: Recipient, conversation: ConversationState | undefined): Lang {
    const chosen = isLang(clues.chosen) ? clues.chosen : undefined;
    return fallbackLanguage({ chosen, localeHint: clues.localeHint, conversation: conversation?.lang, placeLocale: clues.placeLocale }, this.defaultLang);
  }

  /** The conversation so far; a store that cannot be read must not cost the user an apology or a handoff. */
  private remembered(conversationId: string): Promise<ConversationState | undefined> {
    return this.conversations.get(conversationId).catch(() => undefined);
  }

  private async admission(message: InboundMessage): Promise<Admission> {
    // The console chat is one local operator reading a file or a terminal: no limit.
    if (message.platform === 'console' || !this.options.limits) return 'allow';
    try {
      return await this.options.limits.admit(`${message.platform}:${message.userId}`);
    } catch (error) {
      // Counters that cannot be reached (a shared store down) must not silence everyone.
      this.logger.warn({ err: error, platform: message.platform }, 'rate limit unavailable; message let through');
      return 'allow';
    }
  }

  /**
   * Answers a message in its conversation, and remembers what the conversation becomes; unless
   * `checks` (run alongside the conversation's read) refuse it.
   */
  private exchange(message: InboundMessage, checks?: () => Promise<Admission | 'copy'>): Promise<Outcome> {
    return this.inTurn<Outcome>(message.conversationId, async () => {
      const allowed: Promise<Admission | 'copy'> = checks?.() ?? Promise.resolve('allow');
      const [admitted, previous] = await Promise.all([allowed, this.conversations.get(message.conversationId)]);
      if (admitted !== 'allow') return { refused: admitted, conversation: previous };
      const answered = await this.work.run(async () => {
        const started = performance.now();
        const exchange = this.bot.respond(message, previous);
        return { exchange, seconds: (performance.now() - started) / 1000 };
      });
      // Inside the turn: the conversation's next message waits for the check and continues from it.
      if (answered.exchange.understanding.intent === 'diagnose') answered.exchange = await this.withCheck(message, answered.exchange);
      // Stored before the reply goes out: the user's next message may reach another replica at once.
      if (answered.exchange.next) await this.conversations.set(message.conversationId, answered.exchange.next);
      return { answered };
    });
  }

  /** The core's answer to `diagnose` replaced by the check's, which the conversation remembers for a support case. */
  private async withCheck(message: InboundMessage, exchange: Exchange): Promise<Exchange> {
    const { reply, lastCheck } = await this.domainChecks.answer(message, exchange.understanding, exchange.reply);
    if (!exchange.next) return { ...exchange, reply };
    const turns = exchange.next.turns.map((turn, i, all) => (i === all.length - 1 && reply.title ? { ...turn, answerTitle: reply.title } : turn));
    return { ...exchange, reply, next: { ...exchange.next, turns, ...(lastCheck && { lastCheck }) } };
  }

  /**
   * Runs `work` once the previous message of the same conversation is answered: two messages
   * arriving together must not both read the conversation as it was before either.
   */
  private inTurn<T>(conversationId: string, work: () => Promise<T>): Promise<T> {
    const before = this.turns.get(conversationId);
    const result = before ? before.then(work) : work();
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.turns.set(conversationId, settled);
    void settled.then(() => {
      if (this.turns.get(conversationId) === settled) this.turns.delete(conversationId);
    });
    return result;
  }

  /** One log line and the metrics per message; fallbacks and unsure answers recorded as unanswered. */
  private record(message: InboundMessage, { understanding, reply }: Exchange, seconds: number): void {
    const { metrics, unanswered } = this.options;
    const { lang, intent, confidence } = understanding;
    metrics?.messages.inc({ platform: message.platform, intent, lang });
    metrics?.latency.observe({ platform: message.platform }, seconds);
    const line: Record<string, unknown> = { platform: message.platform, lang, intent, confidence, latencyMs: Math.round(seconds * 100000) / 100 };
    if (message.choice) line.choice = true;
    // Someone in distress: what they wrote is theirs alone; it is never logged nor kept as a question.
    const private_ = understanding.entities.distress === true;
    if (private_) line.distress = true;
    else if (this.options.logMessageText) line.text = redact(message.text.slice(0, 600)).slice(0, 500);
    this.logger.info(line, 'message answered');
    // Notices (a message too long) are not questions the knowledge base could learn from.
    if (!private_ && !message.choice && reply.kind !== 'notice' && (reply.kind === 'fallback' || confidence < (this.options.lowConfidence ?? 0.7))) {
      if (reply.kind === 'fallback') metrics?.fallbacks.inc({ platform: message.platform, lang });
      unanswered?.record({ platform: message.platform, lang, intent, confidence, question: message.text });
    }
  }

  /**
   * What the user is told once the case is posted. A requester support cannot answer where they
   * asked (a website visitor) is told to write to support, quoting their reference.
   */
  private confirmation(lang: Lang, requester: Requester): Reply {
    const t = this.translations.forLang(lang);
    const confirmed = handoffConfirmation(t, lang);
    if (requester.reference === undefined) return confirmed;
    return { ...confirmed, paragraphs: [t('handoff.confirmed.elsewhere', { ref: requester.reference, contact: supportContact(this.bot.kb) })], ...this.supportLinks() };
  }

  /** The provider's own support contact, for when no case can be posted. */
  private supportUnavailable(lang: Lang): Reply {
    return { lang, kind: 'notice', paragraphs: [this.translations.forLang(lang)('handoff.unavailable', { contact: supportContact(this.bot.kb) })], ...this.supportLinks() };
  }

  /** The support address and page as links, for platforms that show them apart from the text. */
  private supportLinks(): Pick<Reply, 'links'> {
    const { support } = this.bot.kb.data.provider;
    const links = [...(support.email ? [{ label: support.email, url: `mailto:${support.email}` }] : []), ...(support.url ? [{ label: support.url, url: support.url }] : [])];
    return links.length ? { links } : {};
  }
}

/** A message answered (with the exchange and the core's time), or refused by a check (with the conversation read meanwhile). */
type Outcome = { answered: { exchange: Exchange; seconds: number } } | { refused: Exclude<Admission, 'allow'> | 'copy'; conversation?: ConversationState };

function cluesOf(message: InboundMessage): Recipient {
  return { conversationId: message.conversationId, chosen: message.forceLang, localeHint: message.localeHint };
}
