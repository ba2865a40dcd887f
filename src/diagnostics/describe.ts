import type { Reply, ReplyCheck } from '../core';
import type { Lang } from '../domain';
import type { Translate } from '../i18n';
import { type CheckResult, type CheckStatus, type DomainReport, overallStatus } from './report';
import type { TargetProblem } from './target';

/** The mark in front of each line. */
export const STATUS_ICONS: Record<CheckStatus, string> = { ok: '✅', warn: '⚠️', fail: '❌', skipped: '➖' };

/**
 * One line's sentence, without its mark. Codes with a `days` count have `_today`, `_one` and
 * `_other` forms (the translator fills placeholders but does not choose plurals); a `range`
 * is named in words.
 */
export function checkSentence(check: CheckResult, report: Pick<DomainReport, 'domain' | 'reference'>, t: Translate): string {
  const values: Record<string, unknown> = { domain: report.domain, ...check.params, reference: report.reference };
  if (typeof check.params.range === 'string') values.rangeName = t(`diagnostics.ranges.${check.params.range}`);
  const days = check.params.days;
  const suffix = typeof days === 'number' ? (days === 0 ? '_today' : days === 1 ? '_one' : '_other') : '';
  return t(`diagnostics.${check.code}${suffix}`, values);
}

/** The report as reply lines: ✅ / ⚠️ / ❌ / ➖, one sentence each, with the fix when there is one. */
export function describeChecks(report: DomainReport, t: Translate): ReplyCheck[] {
  return report.checks.map((check) => ({ id: check.id, status: check.status, text: `${STATUS_ICONS[check.status]} ${checkSentence(check, report, t)}` }));
}

/** What the service answered to one request for a check. */
export type DiagnosticsOutcome =
  | { kind: 'report'; report: DomainReport; cached: boolean }
  | { kind: 'disabled' }
  | { kind: 'invalid_target'; problem: TargetProblem }
  | { kind: 'rate_limited'; retryAfterMs: number }
  | { kind: 'busy' }
  | { kind: 'error'; reference: string };

/** A whole reply for an outcome: title, one summary sentence and the check lines, or a short notice. */
export function diagnosticsReply(outcome: DiagnosticsOutcome, t: Translate, lang: Lang): Reply {
  switch (outcome.kind) {
    case 'report': {
      const { report } = outcome;
      const values = { domain: report.domain, reference: report.reference };
      return {
        lang,
        kind: 'answer',
        title: t('diagnostics.title', values),
        paragraphs: [t(`diagnostics.summary.${overallStatus(report)}`, values)],
        checks: describeChecks(report, t),
      };
    }
    case 'invalid_target':
      return { lang, kind: 'notice', paragraphs: [t(`diagnostics.target.${outcome.problem}`)] };
    case 'error':
      return { lang, kind: 'error', paragraphs: [t('diagnostics.notices.error', { reference: outcome.reference })] };
    default:
      return { lang, kind: 'notice', paragraphs: [t(`diagnostics.notices.${outcome.kind}`)] };
  }
}
