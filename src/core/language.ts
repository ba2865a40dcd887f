import type { Lang } from '../domain';
import { langFromLocale } from './understanding/language';
import { understand } from './understanding/understand';

/** What is known about a user's language when the text itself cannot tell. */
export interface LanguageClues {
  /** Asked for, or seen: `ask --lang`, the language of the answer whose button was clicked. */
  chosen?: Lang;
  /** The platform's idea of the user's language (their Slack or Discord locale, "fr-CA"). */
  localeHint?: string;
  /** The language the conversation was last answered in. */
  conversation?: Lang;
  /** The language of the place rather than of the user (a Discord server's preferred locale). */
  placeLocale?: string;
}

/**
 * The one order in which the bot picks a language with no text to read (the help card for an
 * empty message, a notice, an apology, a handoff confirmation): what was chosen, then the
 * user's own locale, then the language the conversation was last answered in (as the
 * understanding does when a text does not tell), then the place's locale, then DEFAULT_LANG.
 */
export function fallbackLanguage(clues: LanguageClues, defaultLang: Lang): Lang {
  return clues.chosen ?? langFromLocale(clues.localeHint) ?? clues.conversation ?? langFromLocale(clues.placeLocale) ?? defaultLang;
}

/**
 * The language a text is written in as the understanding reads it, or `fallback` when the text
 * cannot tell ("smtp", "Outlook 365"). For texts that are not messages, such as what a user
 * is typing in a Discord autocomplete.
 */
export function textLanguage(text: string, fallback: Lang): Lang {
  const message = { platform: 'text', conversationId: '', userId: '', text, localeHint: fallback };
  return understand(message, undefined, { defaultLang: fallback, hostPrefix: '', minConfidence: 0, followUps: 'explicit' }).lang;
}
