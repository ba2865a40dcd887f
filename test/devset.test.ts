import path from 'node:path';
import { LANGS } from '../src/core/types';
import { evaluate, ratio, readLabelled, score } from '../src/tools/evaluation';
import { createTestBot } from './helpers/bot';

const sets = ['devset.fr.jsonl', 'devset.en.jsonl'].map((f) => path.join(__dirname, '..', 'eval', f));

describe('development set', () => {
  const questions = sets.flatMap((file) => readLabelled(file));
  const results = evaluate(createTestBot(), questions);

  test('has at least 150 questions per language, covering every intent', () => {
    for (const lang of LANGS) {
      const mine = questions.filter((q) => q.lang === lang);
      expect(mine.length).toBeGreaterThanOrEqual(150);
      expect(new Set(mine.map((q) => q.intent)).size).toBe(15);
    }
  });

  test.each(LANGS)('intent accuracy is at least 95%% in %s', (lang) => {
    const s = score(results.filter((r) => r.lang === lang));
    const misses = results.filter((r) => r.lang === lang && r.gotIntent !== r.intent).map((r) => `${r.id} ${r.q} → ${r.gotIntent}`);
    expect({ accuracy: ratio(s.intentRight, s.total) >= 0.95, misses }).toMatchObject({ accuracy: true });
  });

  test.each(LANGS)('answers state the expected facts in at least 95%% of %s questions', (lang) => {
    const s = score(results.filter((r) => r.lang === lang));
    expect(ratio(s.factsComplete, s.withFacts)).toBeGreaterThanOrEqual(0.95);
  });

  test('no answer is empty', () => {
    expect(results.filter((r) => r.text.trim().length < 20)).toEqual([]);
  });
});
