import path from 'node:path';
import { NLU_DIR } from './nlu-files';
import { readTable, readWords } from './phrasebook';

/**
 * Word lists the understanding relies on, read from nlu/. All entries are lower case without
 * accents, because text is folded that way before matching.
 */

/** Shorthand and SMS spellings, rewritten before anything else ("c koi le port" → "c quoi le port"). */
export const SHORTHAND: Readonly<Record<string, string>> = readTable(path.join(NLU_DIR, 'shorthand.txt'));

/**
 * Domain vocabulary, in both languages: typos are corrected towards these words and
 * only these, so a misspelt "thunderbrid" becomes "thunderbird" but ordinary words are left alone.
 */
export const DOMAIN_WORDS: readonly string[] = readWords(path.join(NLU_DIR, 'domain-words.txt'));

/**
 * Ordinary words of both languages that must never be "corrected" into a domain word
 * (e.g. "part" is not a typo of "port", "mais" not of "mail").
 */
export const COMMON_WORDS: ReadonlySet<string> = new Set(readWords(path.join(NLU_DIR, 'common-words.txt')));

/**
 * Real French and English words the corrector would otherwise turn into a mail word ("envie",
 * "hotel"): generated from dictionaries by `npm run nlu:words`, never corrected.
 */
export const DICTIONARY_WORDS: ReadonlySet<string> = new Set(readWords(path.join(NLU_DIR, 'dictionary-words.txt')));
