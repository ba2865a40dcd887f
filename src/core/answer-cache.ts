import { deepFreeze } from '../lib/freeze';
import type { ConversationState } from './context-store';
import type { Handled, InboundMessage } from './types';

/** Questions longer than this are not remembered: they rarely repeat, and keys would cost memory. */
const MAX_CACHED_TEXT = 300;

/**
 * Remembers the answers to identical questions asked in identical situations. An answer is a
 * pure function of the message (text, choice, forced language, locale hint, address and client
 * given out of band) and of the conversation state before it, so the key holds all of those:
 * a hit returns exactly what computing it again would. Cached answers are frozen, so no caller
 * can alter what the next user gets. Bounded; the least recently used go first.
 */
export class AnswerCache {
  private readonly entries = new Map<string, Handled>();

  constructor(private readonly maxEntries: number) {}

  /** The key for this message in this state, or undefined when it must not be cached. */
  keyFor(message: InboundMessage, previous: ConversationState | undefined): string | undefined {
    if (this.maxEntries <= 0 || message.text.length > MAX_CACHED_TEXT) return undefined;
    const state = previous ? `${previous.lang}|${previous.intent}|${JSON.stringify(previous.entities)}` : '';
    return [message.text, message.choice ?? '', message.forceLang ?? '', message.localeHint ?? '', message.email ?? '', message.client ?? '', state].join('\u0001');
  }

  get(key: string): Handled | undefined {
    const found = this.entries.get(key);
    if (found) {
      this.entries.delete(key);
      this.entries.set(key, found);
    }
    return found;
  }

  set(key: string, handled: Handled): void {
    this.entries.set(key, deepFreeze(handled));
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  get size(): number {
    return this.entries.size;
  }
}
