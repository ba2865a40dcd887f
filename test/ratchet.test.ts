import { allSets, evaluateSets, missLines, readKnownMisses } from '../src/tools/eval';

/**
 * The ratchet over every labelled set of eval/: today's misses are listed in eval/known-misses.txt;
 * a new miss fails, and so does a listed miss that is now answered right (delete its line), so the
 * list only shrinks.
 */
describe('labelled sets ratchet', () => {
  const misses = missLines(evaluateSets(allSets(), {}));
  const known = readKnownMisses();

  test('no new miss in any labelled set', () => {
    const fresh = [...misses.entries()].filter(([id]) => !known.has(id)).map(([, line]) => line);
    expect(fresh).toEqual([]);
  });

  test('every known miss is still a miss (delete fixed ones: npm run eval -- --prune-known-misses)', () => {
    const fixed = [...known].filter((id) => !misses.has(id));
    expect(fixed).toEqual([]);
  });
});
