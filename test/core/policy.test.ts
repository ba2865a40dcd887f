import { POLICY } from '../../src/core/understanding/policy';
import { ask, createTestBot } from '../helpers/bot';

// The policy alone: the model's arbitration comes after it and is measured by the ratchet.
const bot = createTestBot({ answerCacheSize: 0, decider: 'rules' });

describe('the intent policy', () => {
  test('rule ids are unique and the last rule is the catch-all', () => {
    const ids = POLICY.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(POLICY[POLICY.length - 1].id).toBe('not-understood');
  });

  test('every rule says why and has examples', () => {
    for (const rule of POLICY) {
      expect(rule.why.length).toBeGreaterThan(10);
      expect(rule.examples.length).toBeGreaterThan(0);
    }
  });

  // Each example, asked alone in a fresh conversation, is decided by its own rule: the table reads true.
  const cases = POLICY.flatMap((rule) => rule.examples.map((example, i) => [rule.id, example, i] as const));
  test.each(cases)('%s decides "%s"', (id, example, i) => {
    const { understanding } = ask(example, { conversationId: `policy:${id}:${i}` }, bot);
    expect(understanding.rule).toBe(id);
  });
});
