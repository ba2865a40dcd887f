// The package ships no types; these cover the part the bot uses (see node_modules/@nlpjs/neural/src).
declare module '@nlpjs/neural' {
  /** Sparse input: feature name → value. */
  export type Features = Record<string, number>;

  export interface TrainingStatus {
    error: number;
    deltaError: number;
    iterations: number;
  }

  export interface NeuralNetworkJson {
    settings: Record<string, unknown>;
    features?: string[];
    intents?: string[];
    /** One row per intent: a weight per feature, then the bias. */
    perceptrons?: number[][];
  }

  export interface NeuralNetworkSettings {
    iterations?: number;
    errorThresh?: number;
    deltaErrorThresh?: number;
    learningRate?: number;
    momentum?: number;
    alpha?: number;
    log?: boolean | ((status: TrainingStatus, ms: number) => void);
  }

  /** One perceptron per intent over sparse features, trained by gradient descent with momentum. */
  export class NeuralNetwork {
    constructor(settings?: NeuralNetworkSettings);
    train(corpus: Array<{ input: Features; output: Record<string, number> }>): TrainingStatus;
    /** A score per intent (0 when the perceptron does not fire). */
    run(input: Features): Record<string, number> | undefined;
    /** The same on an input already turned into feature indexes (what `run` does first). */
    runInput(input: { keys: number[]; data: Record<number, number> }): Record<string, number>;
    toJSON(): NeuralNetworkJson;
    fromJSON(json: NeuralNetworkJson): void;
    /** One zeroed perceptron per output name, over `numInputs` features (what `fromJSON` does before copying weights). */
    initialize(numInputs: number, outputNames: string[]): void;
    perceptrons: Array<{ name: string; weights: Float32Array; bias: number }>;
  }
}
