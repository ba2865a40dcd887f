/** What to do with one more message from a user. */
export type Admission = 'allow' | 'notify' | 'drop';

/**
 * Per-user message counters. Behind this interface so that replicas can share them (a store
 * with expiring keys); `RateLimiter` keeps them in this process.
 */
export interface RateLimitCounters {
  /** Counts one more message from `user` and says what to do with it. */
  admit(user: string): Admission | Promise<Admission>;
}

export interface RateLimiterOptions {
  /** Messages allowed per window and user. */
  limit: number;
  windowMs: number;
  /** Users remembered at most; the least recently seen are forgotten first (they start afresh). */
  maxUsers: number;
  now?: () => number;
}

/**
 * Per-user fixed-window limit: over the limit, one polite notice, then silence until the
 * window ends. Memory stays bounded however many users write (a Map in recency order).
 */
export class RateLimiter implements RateLimitCounters {
  private readonly windows = new Map<string, { start: number; count: number; notified: boolean }>();
  private readonly now: () => number;

  constructor(private readonly options: RateLimiterOptions) {
    this.now = options.now ?? Date.now;
  }

  admit(user: string): Admission {
    const now = this.now();
    let window = this.windows.get(user);
    if (!window || now - window.start >= this.options.windowMs) {
      window = { start: now, count: 0, notified: false };
    }
    this.windows.delete(user);
    this.windows.set(user, window);
    if (this.windows.size > this.options.maxUsers) this.windows.delete(this.windows.keys().next().value as string);
    window.count++;
    if (window.count <= this.options.limit) return 'allow';
    if (window.notified) return 'drop';
    window.notified = true;
    return 'notify';
  }

  get size(): number {
    return this.windows.size;
  }
}
