/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), stopping
 * early once it exceeds `max`: typos such as "thunderbrid" or "smpt" are one edit away.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  // Three rolling rows are enough for transpositions.
  let prev2 = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  let cur = new Array<number>(cols).fill(0);
  for (let i = 1; i < rows; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j < cols; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[cols - 1];
}

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
  private readonly byLength = new Map<number, string[]>();
  private readonly memo = new Map<string, string | null>();

  constructor(
    vocabulary: Iterable<string>,
    private readonly memoLimit = 5000,
  ) {
    for (const word of new Set(vocabulary)) {
      const list = this.byLength.get(word.length) ?? [];
      list.push(word);
      this.byLength.set(word.length, list);
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
      for (const word of this.byLength.get(len) ?? []) {
        // A typo rarely changes the first letter; requiring it avoids most false corrections.
        if (word[0] !== token[0]) continue;
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
