import { createHash, randomBytes } from 'node:crypto';
import { TtlCache } from '../lib/ttl-cache';
import type { Logger } from '../logger';
import type { DiagnosticsOutcome } from './describe';
import { type DomainReport, overallStatus } from './report';
import { parseTarget } from './target';

/**
 * How many checks one user may start. Async so that it can later live in a shared store
 * (Redis) when several replicas answer; the memory version below serves one process.
 */
export interface CheckRateLimit {
  /** `userKey` names the user the same way on every replica (see DiagnosticsService.userKey). */
  take(userKey: string): Promise<{ allowed: true } | { allowed: false; retryAfterMs: number }>;
}

/** Recent reports per domain, so that asking twice does not probe twice. Async for the same reason. */
export interface ReportCache {
  get(domain: string): Promise<DomainReport | undefined>;
  set(domain: string, report: DomainReport): Promise<void>;
}

/** How many checks run at once, whoever asked; when full, a request is turned away at once rather than queued. */
export interface ConcurrencyGate {
  tryEnter(): boolean;
  leave(): void;
}

/** Checks per user per window (ten minutes), and checks at once, by default. */
export const DEFAULT_USER_LIMIT = 5;
export const DEFAULT_USER_WINDOW_MS = 10 * 60_000;
export const DEFAULT_CONCURRENCY = 4;

/** At most `limit` checks per user per fixed window (default: 5 per ten minutes). */
export class MemoryCheckRateLimit implements CheckRateLimit {
  private readonly windows: TtlCache<{ start: number; count: number }>;
  private readonly now: () => number;

  constructor(private readonly options: { limit: number; windowMs: number; maxUsers?: number; now?: () => number } = { limit: DEFAULT_USER_LIMIT, windowMs: DEFAULT_USER_WINDOW_MS }) {
    this.now = options.now ?? Date.now;
    this.windows = new TtlCache(options.windowMs, options.maxUsers ?? 10_000, this.now);
  }

  async take(userHash: string): Promise<{ allowed: true } | { allowed: false; retryAfterMs: number }> {
    const now = this.now();
    const window = this.windows.get(userHash) ?? { start: now, count: 0 };
    if (window.count >= this.options.limit) return { allowed: false, retryAfterMs: window.start + this.options.windowMs - now };
    window.count++;
    this.windows.set(userHash, window, window.start + this.options.windowMs - now);
    return { allowed: true };
  }
}

/** Reports kept for `ttlMs` (default one minute), bounded in number. */
export class MemoryReportCache implements ReportCache {
  private readonly entries: TtlCache<DomainReport>;

  constructor(ttlMs = 60_000, maxEntries = 1000, now?: () => number) {
    this.entries = new TtlCache(ttlMs, maxEntries, now);
  }

  async get(domain: string): Promise<DomainReport | undefined> {
    return this.entries.get(domain);
  }

  async set(domain: string, report: DomainReport): Promise<void> {
    this.entries.set(domain, report);
  }
}

/** A counter of checks in flight in this process. */
export class LocalConcurrencyGate implements ConcurrencyGate {
  private running = 0;

  constructor(private readonly max: number) {}

  tryEnter(): boolean {
    if (this.running >= this.max) return false;
    this.running++;
    return true;
  }

  leave(): void {
    this.running = Math.max(0, this.running - 1);
  }
}

export interface DiagnosticsServiceOptions {
  /** DIAGNOSTICS_ENABLED: when false every request gets the "turned off" notice and nothing is probed. */
  enabled: boolean;
  /** Runs one check (checkDomain with its dependencies). */
  check: (domain: string) => Promise<DomainReport>;
  logger: Logger;
  rateLimit?: CheckRateLimit;
  cache?: ReportCache;
  gate?: ConcurrencyGate;
  /** Mixed into user hashes so the log cannot be matched to platform user IDs; random per process by default. */
  userSalt?: string;
}

/** Who asks (platform and user ID, as "slack:U123") and what they typed as the target (an address or a domain). */
export interface CheckRequest {
  user: string;
  target: string;
}

/**
 * The door every caller (chat, CLI) goes through: the enabled flag, target validation, the
 * one-minute cache, the per-user limit and the global cap, one log line per request (domain,
 * user hash, outcome; never message text), and no exception ever escapes.
 */
export class DiagnosticsService {
  private readonly rateLimit: CheckRateLimit;
  private readonly cache: ReportCache;
  private readonly gate: ConcurrencyGate;
  private readonly salt: string;
  /** Checks of the same domain asked at the same moment share one run. */
  private readonly inFlight = new Map<string, Promise<DomainReport>>();

  constructor(private readonly options: DiagnosticsServiceOptions) {
    this.rateLimit = options.rateLimit ?? new MemoryCheckRateLimit();
    this.cache = options.cache ?? new MemoryReportCache();
    this.gate = options.gate ?? new LocalConcurrencyGate(DEFAULT_CONCURRENCY);
    this.salt = options.userSalt ?? randomBytes(16).toString('hex');
  }

  get enabled(): boolean {
    return this.options.enabled;
  }

  userHash(user: string): string {
    return createHash('sha256').update(this.salt).update('\0').update(user).digest('hex').slice(0, 16);
  }

  /**
   * The user as the rate limit counts them: the same on every replica (the log's salt is not),
   * so that a limit kept in a shared store holds across replicas; never logged.
   */
  userKey(user: string): string {
    return createHash('sha256').update('mailconfig domain checks\0').update(user).digest('hex').slice(0, 32);
  }

  async check(request: CheckRequest): Promise<DiagnosticsOutcome> {
    const user = this.userHash(request.user);
    const log = (fields: Record<string, unknown>) => this.options.logger.info({ event: 'domain_check', user, ...fields }, 'domain check');
    if (!this.options.enabled) {
      log({ outcome: 'disabled' });
      return { kind: 'disabled' };
    }
    const target = parseTarget(request.target);
    if (!target.ok) {
      // The refused text itself is not logged: it is whatever the user typed.
      log({ outcome: 'invalid_target', problem: target.problem });
      return { kind: 'invalid_target', problem: target.problem };
    }
    const { domain } = target;
    try {
      const cached = await this.cache.get(domain);
      if (cached) {
        log({ domain, outcome: overallStatus(cached), cached: true, ref: cached.reference });
        return { kind: 'report', report: cached, cached: true };
      }
      const admission = await this.rateLimit.take(this.userKey(request.user));
      if (!admission.allowed) {
        log({ domain, outcome: 'rate_limited' });
        return { kind: 'rate_limited', retryAfterMs: admission.retryAfterMs };
      }
      let running = this.inFlight.get(domain);
      if (!running) {
        if (!this.gate.tryEnter()) {
          log({ domain, outcome: 'busy' });
          return { kind: 'busy' };
        }
        running = this.run(domain);
      }
      const report = await running;
      log({
        domain,
        outcome: overallStatus(report),
        cached: false,
        ref: report.reference,
        durationMs: report.durationMs,
        failed: report.checks.filter((c) => c.status === 'fail').map((c) => c.id),
        warned: report.checks.filter((c) => c.status === 'warn').map((c) => c.id),
      });
      return { kind: 'report', report, cached: false };
    } catch (error) {
      const reference = randomBytes(4).toString('hex').toUpperCase();
      this.options.logger.error({ event: 'domain_check', user, domain, outcome: 'error', ref: reference, err: error }, 'domain check failed');
      return { kind: 'error', reference };
    }
  }

  private run(domain: string): Promise<DomainReport> {
    const running = (async () => {
      try {
        const report = await this.options.check(domain);
        await this.cache.set(domain, report);
        return report;
      } finally {
        this.inFlight.delete(domain);
        this.gate.leave();
      }
    })();
    this.inFlight.set(domain, running);
    return running;
  }
}
