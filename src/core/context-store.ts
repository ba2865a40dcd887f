import { TtlCache } from '../lib/ttl-cache';
import type { Entities, Intent, Lang, ReplyCheck } from './types';

/** One past exchange, kept for follow-ups and for the summary handed to a human agent. */
export interface Turn {
  /** The question, already redacted (no passwords or tokens). */
  question: string;
  intent: Intent;
  answerTitle?: string;
}

/** The last domain check of a conversation, as the user saw it: it goes into a support case. */
export interface LastCheck {
  domain: string;
  /** The check's reference, quoted to the user and in the check's log line. */
  reference: string;
  checks: ReplyCheck[];
}

/** What the bot remembers of a conversation between two messages. */
export interface ConversationState {
  lang: Lang;
  intent: Intent;
  entities: Entities;
  /** Most recent last; at most `ContextStore.TURNS_KEPT`. */
  turns: Turn[];
  /** A fingerprint of the last answer, so the same answer is not repeated word for word. */
  lastReply?: string;
  /** Set by the conversation service after a domain check; kept until the next one. */
  lastCheck?: LastCheck;
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
 * cannot grow it without limit (the least recently active conversations are forgotten first).
 */
export class ContextStore {
  static readonly TURNS_KEPT = 5;
  private readonly entries: TtlCache<ConversationState>;

  constructor(options: ContextStoreOptions) {
    this.entries = new TtlCache(options.ttlMs, options.maxEntries, options.now);
  }

  get(conversationId: string): ConversationState | undefined {
    return this.entries.get(conversationId);
  }

  set(conversationId: string, state: ConversationState): void {
    this.entries.set(conversationId, { ...state, turns: state.turns.slice(-ContextStore.TURNS_KEPT) });
  }

  get size(): number {
    return this.entries.size;
  }
}
