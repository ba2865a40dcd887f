import type { Entities, Intent, Lang } from './types';

/** One past exchange, kept for follow-ups and for the summary handed to a human agent. */
export interface Turn {
  /** The question, already redacted (no passwords or tokens). */
  question: string;
  intent: Intent;
  answerTitle?: string;
}

/** What the bot remembers of a conversation between two messages. */
export interface ConversationState {
  lang: Lang;
  intent: Intent;
  entities: Entities;
  /** Most recent last; at most `ContextStore.TURNS_KEPT`. */
  turns: Turn[];
}

export interface ContextStoreOptions {
  /** How long a conversation is remembered after its last message, in milliseconds. */
  ttlMs: number;
  /** How many conversations are remembered at most; the least recently active are forgotten first. */
  maxEntries: number;
  now?: () => number;
}

/**
 * Conversation memory with a time-to-live and a size bound, so tens of thousands of users
 * cannot grow it without limit. A Map keeps insertion order: re-inserting on every write
 * makes the first key the least recently active one.
 */
export class ContextStore {
  static readonly TURNS_KEPT = 5;
  private readonly entries = new Map<string, { state: ConversationState; expiresAt: number }>();
  private readonly now: () => number;

  constructor(private readonly options: ContextStoreOptions) {
    this.now = options.now ?? Date.now;
  }

  get(conversationId: string): ConversationState | undefined {
    const entry = this.entries.get(conversationId);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(conversationId);
      return undefined;
    }
    return entry.state;
  }

  set(conversationId: string, state: ConversationState): void {
    this.entries.delete(conversationId);
    this.entries.set(conversationId, {
      state: { ...state, turns: state.turns.slice(-ContextStore.TURNS_KEPT) },
      expiresAt: this.now() + this.options.ttlMs,
    });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
