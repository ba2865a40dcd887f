import type { ContextStore, ConversationState, Reply } from '../core';

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

/**
 * Events and commands already taken: a platform may deliver one twice (Slack's retries, or a
 * copy to each of two replicas), and only the first delivery is answered.
 */
export interface Deliveries {
  /** True for the first delivery of `key` within the de-duplication window, false for any copy. */
  first(key: string): Promise<boolean>;
}

/** Replies kept for a while under an id a button carries (Slack's ephemeral answers are not in click payloads). */
export interface KeptReplies {
  /** Keeps the reply under `id` (unguessable: a forged click must not share someone else's answer). */
  keep(id: string, reply: Reply): Promise<void>;
  get(id: string): Promise<Reply | undefined>;
}
