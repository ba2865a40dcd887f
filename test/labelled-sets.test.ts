import { LANGS } from '../src/domain';
import { INTENTS } from '../src/core';
import { firstMessageLength, lengthTarget, PLATFORMS, repetitions, stats } from '../src/tools/answer-shape';
import { allSets, evaluateSets, missLines, readKnownMisses } from '../src/tools/eval';

// Every labelled set of eval/ answered once, for both checks below (it is most of this suite's time).
const evaluated = evaluateSets(allSets(), {});

/**
 * The ratchet over every labelled set: today's misses are listed in eval/known-misses.txt; a new
 * miss fails, and so does a listed miss that is now answered right (delete its line), so the list
 * only shrinks.
 */
describe('labelled sets ratchet', () => {
  const misses = missLines(evaluated);
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

/**
 * Answers read at a glance, over every labelled question: the first message within its length
 * (95th percentile per intent, language and platform), and nothing said twice in one answer.
 */
describe('answers at a glance', () => {
  const results = evaluated.filter((s) => !s.everyday).flatMap((s) => s.results);

  test('the first message stays short: settings under 450 characters, guides and checklists under 700', () => {
    const over: string[] = [];
    for (const intent of INTENTS) {
      for (const lang of LANGS) {
        const rows = results.filter((r) => r.gotIntent === intent && r.gotLang === lang);
        if (rows.length < 5) continue;
        for (const platform of PLATFORMS) {
          const { p95 } = stats(rows.map((r) => firstMessageLength(r.reply, platform)));
          if (p95 > lengthTarget(intent)) over.push(`${intent} ${lang} ${platform}: p95 ${p95} > ${lengthTarget(intent)}`);
        }
      }
    }
    expect(over).toEqual([]);
  });

  test('no sentence, no value line and no server said twice in one answer', () => {
    expect(results.flatMap((r) => repetitions(r.reply).map((what) => `${r.id}: ${what}`))).toEqual([]);
  });
});
