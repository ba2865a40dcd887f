import { readFileSync } from 'node:fs';
import { IntentModel, MODEL_FILE, type IntentModelFile } from '../../src/core/understanding/model';
import { fingerprint, train, trainingExamples } from '../../src/tools/train';
import { toModelFile } from '../../src/core/understanding/model';

describe('the trained intent model', () => {
  const stored = JSON.parse(readFileSync(MODEL_FILE, 'utf8')) as IntentModelFile;

  test('was trained on today\'s labelled questions (after changing them, run npm run train)', () => {
    expect(stored.trainedOn).toBe(fingerprint(trainingExamples()));
  });

  test('loads and reads a message', () => {
    const model = IntentModel.load()!;
    const scores = model.scores(' what is the imap port ', ['port']);
    expect(scores[0][0]).toBe('ports');
  });

  test('training is deterministic: the same examples give the same file', () => {
    const examples = trainingExamples().filter((_, i) => i % 25 === 0);
    const settings = { everydayShare: 1, ...stored.settings, iterations: 5 };
    const once = toModelFile(train(examples, settings), { trainedOn: 'x', examples: examples.length, settings });
    const twice = toModelFile(train(examples, settings), { trainedOn: 'x', examples: examples.length, settings });
    expect(twice).toEqual(once);
  });
});
