import { redact, type ConversationState, type Turn } from '../core';

/**
 * The store keeps what it is given and redacts nothing by itself (it cannot tell user text
 * from an ID). Callers that store what a user wrote pass it through these first, so that
 * Redis, like the logs, never holds a password or token someone typed. They are idempotent:
 * redacting twice changes nothing.
 */

/** User text as the logs keep it: redacted, at most `maxChars` characters. */
export function redactedText(text: string, maxChars = 500): string {
  // Redact a little more than is kept, so a secret cut in half at the end is still caught.
  return redact(text.slice(0, maxChars + 100)).slice(0, maxChars);
}

/** A past exchange ready to be stored: its question redacted. */
export function redactedTurn(turn: Turn): Turn {
  return { ...turn, question: redactedText(turn.question) };
}

/** A conversation ready to be stored: every turn's question redacted. */
export function redactedConversation(state: ConversationState): ConversationState {
  return { ...state, turns: state.turns.map(redactedTurn) };
}
