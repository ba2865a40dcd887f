import { readFileSync } from 'node:fs';
import { DICTIONARY_WORDS_FILE, protectedWords } from '../../src/tools/nlu-words';

// The protected words are generated data: they must be what the generator makes from today's vocabulary.
test('nlu/dictionary-words.txt is up to date (npm run nlu:words)', () => {
  const english = require('an-array-of-english-words') as string[];
  const french = require('an-array-of-french-words') as string[];
  const stored = readFileSync(DICTIONARY_WORDS_FILE, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  expect(stored).toEqual(protectedWords([french, english]));
}, 60_000);
