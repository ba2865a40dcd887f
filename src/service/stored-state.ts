import { ContextStore, type ConversationState, type Reply } from '../core';
import type { CheckRateLimit, DomainReport, ReportCache } from '../diagnostics';
import type { FamilyLimits, StateStore } from '../state';
import type { Admission, RateLimitCounters } from './rate-limiter';
import type { ConversationStore, Deliveries, HandoffClaims, KeptReplies } from './state';

/**
 * The service's state in a StateStore (memory, or Redis shared by replicas): one key family per
 * kind of state, each key with a time-to-live, each family bounded (see `stateFamilyLimits`).
 *
 *   conv:<conversation id>       the conversation so far (as the core gives it: questions redacted)
 *   rate:<platform>:<user id>     messages in the current rate-limit window
 *   seen:<platform>:<delivery>    an event or command already taken by a replica
 *   share:<random id>             an ephemeral answer kept for its "Share in channel" button
 *   claim:<conversation id>       the one support case of a conversation
 *   lease:<name>                  who does a one-replica job (the Discord gateway)
 *   diag:rate:<user key>:<window> domain checks a user started in a window
 *   diag:report:<domain>          a domain's last check report, for a minute
 */
export const FAMILY = { conversation: 'conv', rateLimit: 'rate', delivery: 'seen', share: 'share', claim: 'claim', lease: 'lease', domainCheck: 'diag' } as const;

/** Slack retries an event for a few minutes at most; a copy later than this is answered again. */
export const DELIVERY_TTL_MS = 10 * 60 * 1000;
/**
 * How long an ephemeral answer stays shareable: a response_url lives 30 minutes, and a reused
 * rendering (see the Slack adapter) carries the same Share id for up to 10 minutes, so every
 * user gets at least 30 minutes without the key being written again at each reuse.
 */
export const SHARE_TTL_MS = 40 * 60 * 1000;
/** One support case per conversation for this long. */
export const CLAIM_TTL_MS = 30 * 60 * 1000;

/** What the bounds are made from: the configured conversation maximum; the others are fixed. */
export interface StateLimits {
  /** CONTEXT_MAX_CONVERSATIONS. */
  conversations: number;
}

/**
 * Keys kept at most per family, whatever the traffic (the least recently written go first):
 * with the defaults, at most about 250,000 keys, a few tens of MB in Redis. Events seen are
 * bounded high enough for about 160 deliveries a second over their 10 minutes.
 */
export function stateFamilyLimits(limits: StateLimits): FamilyLimits {
  return {
    [FAMILY.conversation]: limits.conversations,
    [FAMILY.rateLimit]: 100_000,
    [FAMILY.delivery]: 100_000,
    [FAMILY.share]: 10_000,
    [FAMILY.claim]: 10_000,
    [FAMILY.lease]: 100,
    [FAMILY.domainCheck]: 20_000,
  };
}

/** Conversations in the store for `ttlMs` after their last message, at most `ContextStore.TURNS_KEPT` turns each. */
export function conversationsInStore(store: StateStore, ttlMs: number): ConversationStore {
  return {
    get: (conversationId) => store.get<ConversationState>(`${FAMILY.conversation}:${conversationId}`),
    set: (conversationId, state) => store.set(`${FAMILY.conversation}:${conversationId}`, { ...state, turns: state.turns.slice(-ContextStore.TURNS_KEPT) }, ttlMs),
  };
}

/** One claim per conversation across replicas: an atomic set-if-absent. */
export function handoffClaimsInStore(store: StateStore, ttlMs = CLAIM_TTL_MS): HandoffClaims {
  return {
    claim: (conversationId) => store.setIfAbsent(`${FAMILY.claim}:${conversationId}`, 1, ttlMs),
    release: (conversationId) => store.delete(`${FAMILY.claim}:${conversationId}`),
  };
}

/**
 * A fixed-window limit per user, counted in the store (so across replicas): within the limit,
 * allow; the first message over it gets the notice; later ones, silence until the window ends.
 */
export function rateLimitsInStore(store: StateStore, options: { limit: number; windowMs: number }): RateLimitCounters {
  return {
    async admit(user): Promise<Admission> {
      const count = await store.increment(`${FAMILY.rateLimit}:${user}`, options.windowMs);
      if (count <= options.limit) return 'allow';
      return count === options.limit + 1 ? 'notify' : 'drop';
    },
  };
}

/** Deliveries taken with an atomic set-if-absent: of two replicas given the same event, one wins. */
export function deliveriesInStore(store: StateStore, ttlMs = DELIVERY_TTL_MS): Deliveries {
  return {
    first: (key) => store.setIfAbsent(`${FAMILY.delivery}:${key}`, 1, ttlMs),
  };
}

/** Replies kept for their buttons, for `ttlMs`. */
export function keptRepliesInStore(store: StateStore, ttlMs = SHARE_TTL_MS): KeptReplies {
  return {
    keep: (id, reply) => store.set(`${FAMILY.share}:${id}`, reply, ttlMs),
    get: (id) => store.get<Reply>(`${FAMILY.share}:${id}`),
  };
}

/** Everything the conversation service keeps, each kind in its key family of one store. */
export interface ServiceState {
  store: StateStore;
  conversations: ConversationStore;
  limits: RateLimitCounters;
  claims: HandoffClaims;
  deliveries: Deliveries;
  kept: KeptReplies;
}

/**
 * Everything the conversation service keeps, in one store, as the app runs it: pass the
 * result to ConversationService with the other options.
 */
export function serviceStateIn(store: StateStore, options: { conversationTtlMs: number; rateLimit: { limit: number; windowMs: number } }): ServiceState {
  return {
    store,
    conversations: conversationsInStore(store, options.conversationTtlMs),
    limits: rateLimitsInStore(store, options.rateLimit),
    claims: handoffClaimsInStore(store),
    deliveries: deliveriesInStore(store),
    kept: keptRepliesInStore(store),
  };
}

/**
 * The domain check's per-user limit in the store, so that it holds across replicas: `limit`
 * checks per fixed window of `windowMs`, windows aligned on the clock (the time left in one is
 * then known without reading the key's expiry).
 */
export function checkRateLimitInStore(store: StateStore, options: { limit: number; windowMs: number; now?: () => number }): CheckRateLimit {
  const now = options.now ?? Date.now;
  return {
    async take(userKey) {
      const at = now();
      const window = Math.floor(at / options.windowMs);
      const count = await store.increment(`${FAMILY.domainCheck}:rate:${userKey}:${window}`, options.windowMs);
      return count <= options.limit ? { allowed: true } : { allowed: false, retryAfterMs: (window + 1) * options.windowMs - at };
    },
  };
}

/** Domain check reports in the store for `ttlMs` (a minute by default): asking on another replica does not probe again. */
export function reportCacheInStore(store: StateStore, ttlMs = 60_000): ReportCache {
  return {
    get: (domain) => store.get<DomainReport>(`${FAMILY.domainCheck}:report:${domain}`),
    set: (domain, report) => store.set(`${FAMILY.domainCheck}:report:${domain}`, report, ttlMs),
  };
}
