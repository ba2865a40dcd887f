import type { Logger } from '../../logger';
import { TtlCache } from '../../lib/ttl-cache';
import type { WebClient } from './web-client';

/** What the bot wants to know about a Slack user. */
export interface SlackUserInfo {
  /** Slack's locale for the user, e.g. `fr-FR` (needs `include_locale`). */
  locale?: string;
}

export interface UserDirectoryOptions {
  /** How long a user's locale is trusted, in milliseconds (people rarely change it). */
  ttlMs: number;
  /** How long a failed lookup is remembered, so a missing scope does not cost a call per message. */
  failureTtlMs: number;
  maxEntries: number;
}

export const DEFAULT_USER_DIRECTORY: UserDirectoryOptions = { ttlMs: 60 * 60 * 1000, failureTtlMs: 5 * 60 * 1000, maxEntries: 10_000 };

/**
 * `users.info` with `include_locale`, cached with a time-to-live. Lookups never reject: a
 * user we cannot look up simply has no locale (the bot then uses the text, then DEFAULT_LANG).
 * Concurrent lookups of one user share a single call.
 */
export class UserDirectory {
  private readonly cache: TtlCache<Promise<SlackUserInfo>>;
  /** Lookups already answered, by the same promise: `within` then needs no timer. */
  private readonly settled = new WeakMap<Promise<SlackUserInfo>, SlackUserInfo>();

  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
    private readonly options: UserDirectoryOptions = DEFAULT_USER_DIRECTORY,
  ) {
    this.cache = new TtlCache(options.ttlMs, options.maxEntries);
  }

  lookup(userId: string): Promise<SlackUserInfo> {
    const cached = this.cache.get(userId);
    if (cached) return cached;
    const pending = this.fetch(userId);
    this.cache.set(userId, pending);
    void pending.then((info) => this.settled.set(pending, info));
    return pending;
  }

  /** The lookup, or nothing if it takes longer than `ms` (it still fills the cache for next time). */
  async within(userId: string, ms: number): Promise<SlackUserInfo> {
    const cached = this.cache.get(userId);
    const known = cached && this.settled.get(cached);
    // The usual case, a user seen within the hour: no race, no timer.
    if (known) return known;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<SlackUserInfo>((resolve) => {
      timer = setTimeout(() => resolve({}), ms);
    });
    try {
      return await Promise.race([this.lookup(userId), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async fetch(userId: string): Promise<SlackUserInfo> {
    try {
      const { user } = await this.client.users.info({ user: userId, include_locale: true });
      return { locale: user?.locale };
    } catch (error) {
      this.logger.warn({ err: error, user: userId }, 'slack users.info failed; answering without the user locale');
      const none: SlackUserInfo = {};
      const remembered = Promise.resolve(none);
      this.settled.set(remembered, none);
      this.cache.set(userId, remembered, this.options.failureTtlMs);
      return {};
    }
  }
}
