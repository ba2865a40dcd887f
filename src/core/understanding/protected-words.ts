import { FuzzyCorrector } from './fuzzy';
import { COMMON_WORDS, DOMAIN_WORDS } from './lexicon';
import { fold } from './normalise';

/** Two words are forms of one word when they share a stem of five letters or more ("adresses", "adresse"). */
function sameWord(a: string, b: string): boolean {
  let stem = 0;
  while (stem < a.length && stem < b.length && a[stem] === b[stem]) stem++;
  return stem >= 5;
}

/**
 * The French and English dictionary words the typo corrector would turn into a mail word
 * ("envie" into "envoie", "hotel" into "hote"): real words are never typos, so they are kept as
 * typed. Forms of a mail word ("adresses", "configurez") are left out, so they still reach it.
 */
export function protectedWords(dictionaries: ReadonlyArray<readonly string[]>): string[] {
  const vocabulary = new Set(DOMAIN_WORDS);
  const corrector = new FuzzyCorrector(DOMAIN_WORDS, Number.MAX_SAFE_INTEGER);
  const found = new Set<string>();
  for (const dictionary of dictionaries) {
    for (const entry of dictionary) {
      const word = fold(entry);
      if (!/^[a-z]+$/.test(word) || vocabulary.has(word) || COMMON_WORDS.has(word)) continue;
      const corrected = corrector.correct(word);
      if (corrected && !sameWord(word, corrected)) found.add(word);
    }
  }
  return [...found].sort();
}
