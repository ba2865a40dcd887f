import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NeuralNetwork, type Features } from '@nlpjs/neural';
import { isIntent, type Intent } from '../types';
import { findConcepts, withoutMisleadingPhrases } from './concepts';
import { NLU_DIR } from './nlu-files';
import { normalise } from './normalise';

/**
 * The trained intent model that reads beside the rules: one perceptron per intent over words,
 * word pairs and character n-grams of the normalised text (NLP.js's network, trained by
 * `npm run train` on the labelled questions of eval/ and the everyday requests of nlu/training/).
 * It knows the language of ordinary requests that no phrasing lists, which is what the rules
 * alone lack; the policy decides when its reading counts (see `combine` in understand.ts).
 */

export const MODEL_FILE = path.join(NLU_DIR, 'model.json');
export const MODEL_FORMAT = 'mailconfig-intent-model/1';

/** How a message becomes features; stored with the model so training and reading always agree. */
export interface FeatureSettings {
  /** Lengths of character n-grams, inclusive. */
  charGrams: [number, number];
  words: boolean;
  wordPairs: boolean;
  /** The concepts the phrasings found, as features: the model learns how much each one weighs. */
  concepts: boolean;
}

/** The model as stored in nlu/model.json: weights quantised to bytes, one scale per intent. */
export interface IntentModelFile {
  format: typeof MODEL_FORMAT;
  /** SHA-256 of the training examples, so a test can tell when the model is older than its data. */
  trainedOn: string;
  examples: number;
  settings: FeatureSettings & { iterations: number; minCount: number; everydayShare?: number };
  intents: string[];
  features: string[];
  /** Per intent: the weight of one byte step. */
  scales: number[];
  /** Base64 of signed bytes, intents × features, row by row. */
  weights: string;
  biases: number[];
}

/** Features of a normalised, space-padded text. Values are scaled so long messages do not shout. */
export function textFeatures(text: string, settings: FeatureSettings, concepts: readonly string[] = []): Features {
  const names = featureNames(text, settings, concepts);
  const value = 1 / Math.sqrt(names.size || 1);
  const features: Features = {};
  for (const name of names) features[name] = value;
  return features;
}

/** The distinct feature names of a text: words, word pairs, character n-grams, concepts. */
function featureNames(text: string, settings: FeatureSettings, concepts: readonly string[]): Set<string> {
  const words = text.trim().split(' ').filter(Boolean);
  const names = new Set<string>();
  if (settings.words) for (const word of words) names.add(`w:${word}`);
  if (settings.wordPairs) for (let i = 0; i + 1 < words.length; i++) names.add(`b:${words[i]}_${words[i + 1]}`);
  const padded = ` ${words.join(' ')} `;
  const [shortest, longest] = settings.charGrams;
  for (let n = shortest; n <= longest; n++) {
    for (let i = 0; i + n <= padded.length; i++) names.add(`c:${padded.slice(i, i + n)}`);
  }
  if (settings.concepts) for (const concept of concepts) names.add(`k:${concept}`);
  return names;
}

/** What the model reads of a message: the normalised text the rules read, and the concepts they found. */
export function readForModel(message: string): { text: string; concepts: string[] } {
  const text = withoutMisleadingPhrases(normalise(message).text);
  return { text, concepts: Object.keys(findConcepts(text)) };
}

/** Scores per intent for one message, best first. */
export type IntentScores = ReadonlyArray<readonly [Intent, number]>;

export class IntentModel {
  /** Feature name → the network's input index. */
  private readonly index: Map<string, number>;
  /** The network's input values, reused: set for a message's features, cleared after (no object per message). */
  private readonly input: Float64Array;

  private constructor(
    private readonly network: NeuralNetwork,
    readonly settings: FeatureSettings,
    readonly trainedOn: string,
    features: readonly string[],
  ) {
    this.index = new Map(features.map((name, i) => [name, i]));
    this.input = new Float64Array(this.index.size);
  }

  /** The stored model, or undefined when there is none (the rules then decide alone). */
  static load(file = MODEL_FILE): IntentModel | undefined {
    if (!existsSync(file)) return undefined;
    return IntentModel.fromFile(JSON.parse(readFileSync(file, 'utf8')) as IntentModelFile, file);
  }

  static fromFile(stored: IntentModelFile, source = 'model'): IntentModel {
    if (stored.format !== MODEL_FORMAT) throw new Error(`${source}: not a ${MODEL_FORMAT} file (run npm run train)`);
    const unknown = stored.intents.filter((intent) => !isIntent(intent));
    if (unknown.length) throw new Error(`${source}: unknown intents ${unknown.join(', ')} (run npm run train)`);
    const bytes = Buffer.from(stored.weights, 'base64');
    const signed = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    const width = stored.features.length;
    const network = new NeuralNetwork();
    // The library's settings only; the weights go straight into its perceptrons (through fromJSON
    // they took an array of numbers per intent and a feature dictionary the bot never reads).
    network.fromJSON({ settings: {} });
    network.initialize(width, [...stored.intents]);
    network.perceptrons.forEach((perceptron, row) => {
      const scale = stored.scales[row];
      for (let j = 0, at = row * width; j < width; j++, at++) perceptron.weights[j] = signed[at] * scale;
      perceptron.bias = stored.biases[row];
    });
    // The features from the file: asking the network for them (toJSON) copies every weight, a quarter of the bot's start-up.
    return new IntentModel(network, stored.settings, stored.trainedOn, stored.features);
  }

  /** Wraps a freshly trained network (training and its evaluation). */
  static fromNetwork(network: NeuralNetwork, settings: FeatureSettings): IntentModel {
    return new IntentModel(network, settings, '', network.toJSON().features ?? []);
  }

  scores(normalisedText: string, concepts: readonly string[] = []): IntentScores {
    // The network's own sparse input, built straight from the feature index: going through a
    // features object (string keys, then the library's lookup) cost most of an answer's time.
    const names = featureNames(normalisedText, this.settings, concepts);
    const value = 1 / Math.sqrt(names.size || 1);
    const keys: number[] = [];
    for (const name of names) {
      const index = this.index.get(name);
      if (index !== undefined) {
        keys.push(index);
        this.input[index] = value;
      }
    }
    const out = this.network.runInput({ keys, data: this.input });
    for (const key of keys) this.input[key] = 0;
    return (Object.entries(out) as Array<[Intent, number]>).sort((a, b) => b[1] - a[1]);
  }
}

/** Stores a trained network as an IntentModelFile: weights quantised to signed bytes per intent. */
export function toModelFile(
  network: NeuralNetwork,
  meta: Pick<IntentModelFile, 'trainedOn' | 'examples' | 'settings'>,
): IntentModelFile {
  const json = network.toJSON();
  const features = json.features ?? [];
  const intents = json.intents ?? [];
  const rows = json.perceptrons ?? [];
  const width = features.length;
  const bytes = Buffer.alloc(intents.length * width);
  const scales: number[] = [];
  const biases: number[] = [];
  rows.forEach((row, r) => {
    let largest = 0;
    for (let j = 0; j < width; j++) largest = Math.max(largest, Math.abs(row[j]));
    const scale = largest / 127 || 1;
    scales.push(scale);
    biases.push(row[width]);
    for (let j = 0; j < width; j++) bytes.writeInt8(Math.round(row[j] / scale), r * width + j);
  });
  return { format: MODEL_FORMAT, ...meta, intents, features, scales, weights: bytes.toString('base64'), biases };
}
