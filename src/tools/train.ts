import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NeuralNetwork, type Features } from '@nlpjs/neural';
import { isIntent, MODEL_FILE, NLU_DIR, readForModel, textFeatures, toModelFile, type FeatureSettings, type Intent } from '../core';
import { PROJECT_ROOT } from '../paths';
import { isEverydaySet } from './evaluation';

/** The settings chosen by measurement (see the README's ablation); change them here, then retrain. */
export const TRAINING_SETTINGS: FeatureSettings & { iterations: number; minCount: number; everydayShare: number } = {
  charGrams: [4, 4],
  words: true,
  wordPairs: true,
  concepts: true,
  iterations: 100,
  minCount: 2,
  // Measured: fewer everyday examples let more everyday requests through as mail (98.8% → 96.3% kept out at 1/6).
  everydayShare: 1,
};

export interface TrainingExample {
  q: string;
  intent: Intent;
}

function readJsonl(file: string): Array<Record<string, unknown>> {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * What the model learns from: every labelled set of eval/ except the everyday sets (kept to
 * measure, never to learn) and except `excluded` files, plus nlu/training/. Of a conversation only
 * the first turn is kept: later turns mean what they mean through the conversation, which the
 * dialogue rules read, not the model.
 */
export function trainingExamples(excluded: readonly string[] = []): TrainingExample[] {
  const evalDir = path.join(PROJECT_ROOT, 'eval');
  const trainingDir = path.join(NLU_DIR, 'training');
  const files = [
    ...readdirSync(evalDir).filter((f) => f.endsWith('.jsonl') && !isEverydaySet(f)).sort().map((f) => path.join(evalDir, f)),
    ...readdirSync(trainingDir).filter((f) => f.endsWith('.jsonl')).sort().map((f) => path.join(trainingDir, f)),
  ].filter((file) => !excluded.some((name) => file.endsWith(name)));
  const examples: TrainingExample[] = [];
  for (const file of files) {
    let conversation: unknown = null;
    // Everyday requests outnumber each mail intent many times over: keep one in `1 / everydayShare`, evenly, so
    // "not mail" does not drown the mail intents' scores.
    const keepEvery = isEverydaySet(file) ? Math.max(1, Math.round(1 / TRAINING_SETTINGS.everydayShare)) : 1;
    let index = 0;
    for (const row of readJsonl(file)) {
      if (index++ % keepEvery !== 0) continue;
      if (row.conv && row.conv === conversation) continue;
      conversation = row.conv ?? null;
      if (typeof row.q !== 'string' || !isIntent(row.intent)) throw new Error(`${file}: a line lacks q or a known intent`);
      examples.push({ q: row.q, intent: row.intent });
    }
  }
  return examples;
}

/** Trains the network; deterministic (weights start at zero, examples in file order). */
export function train(examples: readonly TrainingExample[], settings = TRAINING_SETTINGS): NeuralNetwork {
  const inputs: Features[] = examples.map((e) => {
    const { text, concepts } = readForModel(e.q);
    return textFeatures(text, settings, concepts);
  });
  // Features seen fewer than minCount times are noise: they only make the model bigger.
  const seen = new Map<string, number>();
  for (const input of inputs) for (const key of Object.keys(input)) seen.set(key, (seen.get(key) ?? 0) + 1);
  const corpus = inputs.map((input, i) => {
    const kept: Features = {};
    for (const [key, value] of Object.entries(input)) if ((seen.get(key) ?? 0) >= settings.minCount) kept[key] = value;
    return { input: kept, output: { [examples[i].intent]: 1 } };
  });
  const network = new NeuralNetwork({ iterations: settings.iterations });
  network.train(corpus);
  return network;
}

export function fingerprint(examples: readonly TrainingExample[], settings = TRAINING_SETTINGS): string {
  return createHash('sha256').update(JSON.stringify({ settings, examples })).digest('hex');
}

/** `npm run train [-- --exclude file.jsonl …] [--out file]`: rebuilds nlu/model.json from the labelled questions. */
export function run(): void {
  const args = process.argv.slice(2);
  const excluded: string[] = [];
  let out = MODEL_FILE;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--exclude') excluded.push(args[++i]);
    else if (args[i] === '--out') out = path.resolve(args[++i]);
  }
  const examples = trainingExamples(excluded);
  const started = Date.now();
  const network = train(examples);
  const file = toModelFile(network, { trainedOn: fingerprint(examples), examples: examples.length, settings: TRAINING_SETTINGS });
  writeFileSync(out, `${JSON.stringify(file)}\n`);
  process.stdout.write(
    `trained on ${examples.length} examples in ${((Date.now() - started) / 1000).toFixed(1)} s: ${file.features.length} features, ${file.intents.length} intents → ${path.relative(process.cwd(), out)}\n`,
  );
}

if (require.main === module) run();
