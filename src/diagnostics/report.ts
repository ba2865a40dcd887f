/** How one line of a domain check came out; `skipped` when an earlier finding made it pointless (no address to connect to). */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skipped';

/**
 * One line of a domain check, language-neutral: `code` is a key under `diagnostics.` in the
 * locales (`mx.provider`, `port.cert_expired`…) and `params` fill its placeholders.
 */
export interface CheckResult {
  /** `mx`, `mail_host`, `autoconfig`, `autodiscover`, `srv`, then one per port: `imaps`, `pop3s`, `smtps`… */
  id: string;
  status: CheckStatus;
  code: string;
  params: Record<string, string | number>;
}

/** Everything one check of a domain found. */
export interface DomainReport {
  domain: string;
  /** Quoted to support and written in the log line, so one can find the other. */
  reference: string;
  /** ISO 8601 time the check started. */
  checkedAt: string;
  durationMs: number;
  checks: CheckResult[];
}

/** The worst status of a report, for logs and summaries. */
export function overallStatus(report: Pick<DomainReport, 'checks'>): 'ok' | 'warn' | 'fail' {
  if (report.checks.some((c) => c.status === 'fail')) return 'fail';
  if (report.checks.some((c) => c.status === 'warn')) return 'warn';
  return 'ok';
}
