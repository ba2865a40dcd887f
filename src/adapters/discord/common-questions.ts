import { fold, textLanguage } from '../../core';
import { LANGS, type Lang } from '../../domain';
import type { Translations } from '../../i18n';
import { truncate } from './text';

/** Discord shows at most 25 autocomplete choices, each name and value at most 100 characters. */
export const MAX_CHOICES = 25;
const MAX_CHOICE_LENGTH = 100;

export interface QuestionChoice {
  name: string;
  value: string;
}

interface Entry {
  text: string;
  folded: string;
  words: string[];
}

function words(folded: string): string[] {
  return folded.split(/[^a-z0-9]+/).filter(Boolean);
}

/**
 * The "common questions" offered while a user types the `question` option, in both languages.
 * Built once (folding every question up front), so each keystroke costs a few string
 * comparisons: Discord gives an autocomplete answer 3 seconds, and users expect it instantly.
 */
export class CommonQuestions {
  private readonly entries: Record<Lang, Entry[]>;

  constructor(translations: Translations) {
    this.entries = Object.fromEntries(
      LANGS.map((lang) => {
        const list = translations.list(lang, 'discord.common_questions');
        return [lang, list.map((text) => ({ text, folded: fold(text), words: words(fold(text)) }))];
      }),
    ) as Record<Lang, Entry[]>;
  }

  /**
   * Up to 25 questions matching what the user typed so far (every typed word starts a word
   * of the question), in the language of the text when it tells, else `lang`. Questions that
   * start with the typed text come first; with nothing typed, the list in its usual order.
   */
  suggest(typed: string, lang: Lang): QuestionChoice[] {
    const folded = fold(typed).trim();
    const typedWords = words(folded);
    const preferred = typedWords.length ? textLanguage(typed, lang) : lang;
    let found = this.match(this.entries[preferred], folded, typedWords);
    // A question typed in the other language still finds its answers.
    if (!found.length) found = LANGS.filter((l) => l !== preferred).flatMap((l) => this.match(this.entries[l], folded, typedWords));
    return found.slice(0, MAX_CHOICES).map((entry) => {
      const text = truncate(entry.text, MAX_CHOICE_LENGTH);
      return { name: text, value: text };
    });
  }

  private match(entries: Entry[], folded: string, typedWords: string[]): Entry[] {
    const matching = entries.filter((entry) => typedWords.every((typedWord) => entry.words.some((w) => w.startsWith(typedWord))));
    const starting = matching.filter((entry) => folded && entry.folded.startsWith(folded));
    return [...starting, ...matching.filter((entry) => !starting.includes(entry))];
  }
}
