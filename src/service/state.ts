import type { ContextStore, ConversationState } from '../core';
import { TtlCache } from '../lib/ttl-cache';

/**
 * Where conversations are remembered between messages (for follow-ups and for the case a human
 * agent gets). Promises, so that a store shared by several replicas can stand behind it;
 * `conversationsIn` keeps them in this process.
 */
export interface ConversationStore {
  get(conversationId: string): Promise<ConversationState | undefined>;
  /** Remembers the conversation for the store's time-to-live, counted from now. */
  set(conversationId: string, state: ConversationState): Promise<void>;
}

/** The conversations of one process (the bot's own memory: bounded, with a time-to-live). */
export function conversationsIn(memory: ContextStore): ConversationStore {
  return {
    get: async (conversationId) => memory.get(conversationId),
    set: async (conversationId, state) => memory.set(conversationId, state),
  };
}

/**
 * One support case per conversation, however often "Talk to a human" is clicked: a claim is
 * taken before the case is posted and released if it could not be.
 */
export interface HandoffClaims {
  /** True the first time within the claim's lifetime, false while a claim holds. */
  claim(conversationId: string): Promise<boolean>;
  release(conversationId: string): Promise<void>;
}

/** Claims held by this process for half an hour (bounded: the oldest go first). */
export function handoffClaimsInMemory(ttlMs = 30 * 60 * 1000, maxEntries = 10_000): HandoffClaims {
  const claimed = new TtlCache<true>(ttlMs, maxEntries);
  return {
    async claim(conversationId) {
      if (claimed.get(conversationId)) return false;
      claimed.set(conversationId, true);
      return true;
    },
    async release(conversationId) {
      claimed.delete(conversationId);
    },
  };
}
