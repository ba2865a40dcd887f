import { randomBytes } from 'node:crypto';
import { fold, type Entities, type InboundMessage, type LastCheck, type Reply, type Understanding } from '../core';
import { diagnosticsReply, overallStatus, parseTarget, type CheckRequest, type DiagnosticsOutcome } from '../diagnostics';
import type { Lang } from '../domain';
import type { Translations } from '../i18n';
import type { Logger } from '../logger';

/** What the chat needs of the domain check (`DiagnosticsService` is one): whether it is on, and one check. */
export interface DomainChecks {
  readonly enabled: boolean;
  /** Never rejects: every outcome, refusals and failures included, is a value (and a log line). */
  check(request: CheckRequest): Promise<DiagnosticsOutcome>;
}

export interface DomainCheckAnswersOptions {
  /** Absent: checks are not offered here (a polite "not available" with the support contact). */
  checks?: DomainChecks;
  translations: Translations;
  /** How to reach support, for when checks are off. */
  supportContact: string;
  logger: Logger;
  /**
   * Longest wait for one check, in milliseconds. The engine bounds itself (10 s); this bounds
   * whatever stands behind `checks`, so no chat message ever waits without end. Default 15 s.
   */
  timeoutMs?: number;
}

/** A check's reply, and what the conversation remembers of it for a support case. */
export interface CheckedReply {
  reply: Reply;
  lastCheck?: LastCheck;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** Punctuation around a word that is not part of an address: `(bob@x.fr),` `«x.fr»` `x.fr?` */
const LEADING = /^["'«»“”‘’(<{]+/;
const TRAILING = /["'«»“”‘’)>}.,;:!?]+$/;
/** Words that could be a host the user names themselves: dotted, with a scheme or path, bracketed, or with a port. */
const HOST_LIKE = /[./[]|[a-z]:\d|:.*:/i;
/** An IP address as people write one: dotted quad, bracketed, or IPv6 with its colons. */
const IP_LIKE = /^\[|^\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?$|:.*:/;

/**
 * What to check in a message: the address or domain the core read (from the message, else from
 * the conversation), spelled as the user typed it. A word that is an IP address, a URL or a host
 * with a port is returned as such instead, for the check to refuse it with its reason: a name
 * read inside a URL ("https://x.fr:8443/") is never checked on the user's word.
 */
export function checkTarget(text: string, entities: Pick<Entities, 'email' | 'domain'>): string | undefined {
  const words = text.split(/\s+/).map((word) => word.replace(LEADING, '').replace(TRAILING, '')).filter(Boolean);
  const refused = words.find((word) => {
    if (!HOST_LIKE.test(word)) return false;
    const parsed = parseTarget(word);
    return !parsed.ok && (parsed.problem === 'url' || parsed.problem === 'port' || (parsed.problem === 'ip_address' && IP_LIKE.test(word)));
  });
  if (refused) return refused;
  const named = entities.email ?? entities.domain;
  if (!named) return undefined;
  // The core reads folded text ("café.fr" is "cafe.fr" there): check the name the user wrote.
  return words.find((word) => fold(word) === named) ?? named;
}

/**
 * The chat's side of the domain check: the core understood `diagnose` and answered without
 * the network ("Checking example.fr…", or which address?); this runs the check, time-limited,
 * and gives the reply with its lines, in the user's language. Shared by the conversation
 * service and `npm run ask`, so both answer a check alike.
 */
export class DomainCheckAnswers {
  private readonly timeoutMs: number;

  constructor(private readonly options: DomainCheckAnswersOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Whether the checks run here: troubleshooting answers then offer "Check my domain". */
  get enabled(): boolean {
    return this.options.checks?.enabled ?? false;
  }

  /** The reply to a message understood as `diagnose`, with `coreReply` the core's own answer to it. */
  async answer(message: InboundMessage, understanding: Understanding, coreReply: Reply): Promise<CheckedReply> {
    const { lang } = understanding;
    const t = this.options.translations.forLang(lang);
    // A clicked "Check my domain" carries no text: the domain comes from the conversation.
    const target = checkTarget(message.choice ? '' : message.text, understanding.entities);
    const { checks } = this.options;
    if (!checks) return { reply: this.unavailable(lang) };
    // Without a target and with checks on, the core's question (which address?) is the answer.
    if (target === undefined && checks.enabled) return { reply: coreReply };
    const outcome = await this.withinTime(checks.check({ user: `${message.platform}:${message.userId}`, target: target ?? '' }));
    if (outcome.kind === 'disabled') return { reply: this.unavailable(lang) };
    const reply = diagnosticsReply(outcome, t, lang);
    if (outcome.kind !== 'report') return { reply };
    const { report } = outcome;
    // Something to fix that the user may not manage alone: a person can take it from here.
    if (overallStatus(report) !== 'ok') reply.offers = { handoff: true };
    return { reply, lastCheck: { domain: report.domain, reference: report.reference, checks: reply.checks ?? [] } };
  }

  private unavailable(lang: Lang): Reply {
    const t = this.options.translations.forLang(lang);
    return { lang, kind: 'notice', paragraphs: [t('diagnostics.notices.unavailable', { contact: this.options.supportContact })] };
  }

  /** The check's outcome, or an error outcome (logged, with a reference) once `timeoutMs` has passed. */
  private withinTime(running: Promise<DiagnosticsOutcome>): Promise<DiagnosticsOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const failed = (outcome: string, error?: unknown): DiagnosticsOutcome => {
      const reference = randomBytes(4).toString('hex').toUpperCase();
      this.options.logger.error({ event: 'domain_check', outcome, ref: reference, ...(error === undefined ? {} : { err: error }) }, 'domain check did not answer');
      return { kind: 'error', reference };
    };
    const late = new Promise<DiagnosticsOutcome>((resolve) => {
      timer = setTimeout(() => resolve(failed('timeout')), this.timeoutMs);
    });
    return Promise.race([running.catch((error: unknown) => failed('error', error)), late]).finally(() => clearTimeout(timer));
  }
}
