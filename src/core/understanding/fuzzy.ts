/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), stopping
 * early once it exceeds `max`: typos such as "thunderbrid" or "smpt" are one edit away.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  // Three rolling rows are enough for transpositions; reused between calls (no arrays per word compared).
  if (scratch[0].length < cols) scratch = [new Int32Array(cols * 2), new Int32Array(cols * 2), new Int32Array(cols * 2)];
  let [prev2, prev, cur] = scratch;
  for (let j = 0; j < cols; j++) prev[j] = j;
  for (let i = 1; i < rows; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j < cols; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[cols - 1];
}

let scratch = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

function sortedLetters(word: string): string {
  return [...word].sort().join('');
}

/** How many edits a word of this length may carry and still be recognised. */
export function allowedEdits(length: number): number {
  if (length < 4) return 0;
  if (length < 8) return 1;
  return 2;
}

/**
 * Corrects unknown words to the closest word of a vocabulary. Candidates are grouped by
 * length so each lookup compares a few dozen words, and results are memoised (bounded).
 */
export class FuzzyCorrector {
  /** Vocabulary words by length and first letter (a typo rarely changes the first letter). */
  private readonly byLengthAndInitial = new Map<string, string[]>();
  private readonly memo = new Map<string, string | null>();

  constructor(
    vocabulary: Iterable<string>,
    private readonly memoLimit = 5000,
  ) {
    for (const word of new Set(vocabulary)) {
      const key = `${word.length}:${word[0]}`;
      const list = this.byLengthAndInitial.get(key) ?? [];
      list.push(word);
      this.byLengthAndInitial.set(key, list);
    }
  }

  /** The vocabulary word this token most likely meant, or null when none is close enough or two tie. */
  correct(token: string): string | null {
    const known = this.memo.get(token);
    if (known !== undefined) return known;
    const result = this.search(token);
    if (this.memo.size >= this.memoLimit) this.memo.clear();
    this.memo.set(token, result);
    return result;
  }

  private search(token: string): string | null {
    const max = allowedEdits(token.length);
    if (max === 0) return null;
    let best: string | null = null;
    let bestDistance = max + 1;
    let tie = false;
    const letters = sortedLetters(token);
    for (let len = token.length - max; len <= token.length + max; len++) {
      // A typo rarely changes the first letter; requiring it avoids most false corrections.
      for (const word of this.byLengthAndInitial.get(`${len}:${token[0]}`) ?? []) {
        const d = editDistance(token, word, bestDistance);
        if (d < bestDistance) {
          best = word;
          bestDistance = d;
          tie = false;
        } else if (d === bestDistance && word !== best) {
          // Swapped letters ("serveru") beat a changed letter: prefer the word made of the same letters.
          const bestSame = best !== null && sortedLetters(best) === letters;
          const wordSame = sortedLetters(word) === letters;
          if (wordSame && !bestSame) {
            best = word;
            tie = false;
          } else if (wordSame === bestSame) {
            tie = true;
          }
        }
      }
    }
    return best && !tie && bestDistance <= max ? best : null;
  }
}
