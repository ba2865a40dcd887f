import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { langFromLocale, redact, type Bot, type InboundMessage, type Reply } from '../core';
import type { Lang } from '../domain';
import type { Logger } from '../logger';
import type { Metrics } from './metrics';
import type { RateLimiter } from './rate-limiter';
import type { UnansweredLog } from './unanswered-log';

export interface AnsweringOptions {
  defaultLang: Lang;
  /** Put the (redacted) message text in the per-message log line. Off by default: it is personal data. */
  logMessageText: boolean;
  /** Answers below this confidence are recorded as unanswered, for the knowledge base to grow. */
  lowConfidence: number;
}

/**
 * The one way adapters get an answer. Applies the per-user rate limit, never throws (an
 * internal error becomes an apology with a reference code, logged with its stack), writes one
 * log line and the metrics per message, and records unanswered questions.
 * Resolves to null when the bot must stay silent (rate-limited again, or stopped).
 */
export class Answering {
  private accepting = true;

  constructor(
    private readonly bot: Bot,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
    private readonly limiter: RateLimiter,
    private readonly unanswered: UnansweredLog | undefined,
    private readonly options: AnsweringOptions,
  ) {}

  private langFor(message: InboundMessage): Lang {
    return message.forceLang ?? this.bot.conversationLang(message.conversationId) ?? langFromLocale(message.localeHint) ?? this.options.defaultLang;
  }

  async answer(message: InboundMessage): Promise<Reply | null> {
    if (!this.accepting) return null;
    // The console chat is one local operator reading a file or a terminal: no limit.
    const admission = message.platform === 'console' ? 'allow' : this.limiter.admit(`${message.platform}:${message.userId}`);
    if (admission !== 'allow') {
      this.metrics.rateLimited.inc({ platform: message.platform });
      if (admission === 'drop') return null;
      this.logger.info({ platform: message.platform, event: 'rate_limited' }, 'rate limit reached');
      return this.bot.notice(this.langFor(message), 'rate_limited');
    }
    const started = performance.now();
    try {
      const { understanding, reply } = this.bot.process(message);
      const seconds = (performance.now() - started) / 1000;
      const { lang, intent, confidence } = understanding;
      this.metrics.messages.inc({ platform: message.platform, intent, lang });
      this.metrics.latency.observe({ platform: message.platform }, seconds);
      const line: Record<string, unknown> = { platform: message.platform, lang, intent, confidence, latencyMs: Math.round(seconds * 100000) / 100 };
      if (message.choice) line.choice = true;
      if (this.options.logMessageText) line.text = redact(message.text.slice(0, 600)).slice(0, 500);
      this.logger.info(line, 'message answered');
      // Notices (a message too long) are not questions the knowledge base could learn from.
      if (!message.choice && reply.kind !== 'notice' && (reply.kind === 'fallback' || confidence < this.options.lowConfidence)) {
        if (reply.kind === 'fallback') this.metrics.fallbacks.inc({ platform: message.platform, lang });
        this.unanswered?.record({ platform: message.platform, lang, intent, confidence, question: message.text });
      }
      return reply;
    } catch (error) {
      const ref = randomBytes(4).toString('hex').toUpperCase();
      this.metrics.errors.inc({ platform: message.platform, kind: 'handling' });
      this.logger.error({ err: error, ref, platform: message.platform }, 'handling a message failed');
      return this.bot.notice(this.langFor(message), 'error', { ref });
    }
  }

  /**
   * Stops answering: called once the adapters have stopped taking messages and finished those
   * in flight, so anything still arriving (a straggling event) gets silence, not a half answer.
   */
  close(): void {
    this.accepting = false;
  }
}
