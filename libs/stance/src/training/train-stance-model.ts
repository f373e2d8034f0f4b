import { analyseText, AnalysedText } from '../features/analysed-text';
import { FeatureSpace } from '../features/feature-space';
import { HAND_FEATURE_NAMES } from '../features/hand-features';
import {
  documentSha256,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  parseModel,
  quantizeRows,
  serializeModel,
  StanceModelDocument,
} from '../model/model-file';
import { mlpForward, MlpWeights, STANCE_LABELS } from '../model/mlp';
import { StanceModel } from '../stance-model';
import type { StanceDataset, StancePair } from './fnc-dataset';
import { splitByHeadline } from './headline-split';
import { MlpTrainingOptions, trainMlp, TrainingExample } from './mlp-trainer';
import { scoreStances, StanceScores } from './stance-metrics';
import { fitTemperature } from './temperature';

export interface StanceTrainingOptions extends Omit<MlpTrainingOptions, 'labels'> {
  /** Terms whose IDF is kept (cosine and overlaps); the first `tfSize` are also TF features. */
  terms: number;
  tfSize: number;
  /** Progress lines (one per epoch). */
  log?: (line: string) => void;
}

export const DEFAULT_TRAINING_OPTIONS: StanceTrainingOptions = {
  seed: 20261201,
  terms: 20000,
  tfSize: 5000,
  hidden: 100,
  epochs: 20,
  batchSize: 250,
  learningRate: 0.003,
  l2: 1e-5,
  keepProbability: 0.6,
  labelWeights: [1, 1, 1, 1],
};

export interface TrainedStanceModel {
  /** The weights file's exact text (what `npm run train:stance` writes). */
  fileText: string;
  sha256: string;
  model: StanceModel;
  validation: StanceScores;
  epoch: number;
}

/** Texts analysed once each (a body is shared by many pairs). */
export class AnalysedCorpus {
  private readonly cache = new Map<string, AnalysedText>();

  constructor(private readonly dataset: StanceDataset) {}

  headline(pair: StancePair): AnalysedText {
    return this.get(`h:${pair.headline}`, pair.headline);
  }

  body(pair: StancePair): AnalysedText {
    return this.get(`b:${pair.bodyId}`, this.dataset.bodies.get(pair.bodyId)!);
  }

  private get(key: string, text: string): AnalysedText {
    let analysed = this.cache.get(key);
    if (!analysed) this.cache.set(key, (analysed = analyseText(text)));
    return analysed;
  }
}

/**
 * Trains the model on the training part of the headline split: vocabulary and IDF from the
 * training texts only, the network early-stopped on the validation part's FNC-1 score, its
 * first layer quantized, then the temperature fitted on the validation part through the
 * quantized model. The held-out part is not touched. Deterministic for a given dataset and options.
 */
export function trainStanceModel(
  dataset: StanceDataset,
  options: StanceTrainingOptions = DEFAULT_TRAINING_OPTIONS,
): TrainedStanceModel {
  const log = options.log ?? (() => undefined);
  const split = splitByHeadline(dataset.pairs, options.seed);
  const corpus = new AnalysedCorpus(dataset);
  const documents: AnalysedText[] = [];
  const seen = new Set<string>();
  for (const p of split.train) {
    for (const [key, text] of [
      [`h:${p.headline}`, corpus.headline(p)],
      [`b:${p.bodyId}`, corpus.body(p)],
    ] as const) {
      if (seen.has(key)) continue;
      seen.add(key);
      documents.push(text);
    }
  }
  const space = FeatureSpace.fit(
    documents.map((d) => d.content),
    { terms: options.terms, tfSize: options.tfSize },
  );
  const examples = (pairs: StancePair[]): TrainingExample[] =>
    pairs.map((p) => ({
      input: space.pairInput(corpus.headline(p), corpus.body(p)),
      label: STANCE_LABELS.indexOf(p.stance),
    }));
  const train = examples(split.train);
  const validation = examples(split.validation);
  log(`features: ${space.inputSize} inputs; ${train.length} training pairs, ${validation.length} validation pairs`);

  const score = (weights: MlpWeights) =>
    scoreStances(
      validation.map((e) => STANCE_LABELS[e.label]),
      validation.map((e) => STANCE_LABELS[argmax(mlpForward(weights, e.input).logits)]),
    );
  const trained = trainMlp(train, space.inputSize, { ...options, labels: STANCE_LABELS.length }, (weights, epoch) => {
    const s = score(weights);
    log(`epoch ${epoch}: validation FNC ${s.fncPercent.toFixed(2)}%, macro-F1 ${s.macroF1.toFixed(4)}`);
    return s.fncPercent + 100 * s.macroF1;
  });

  const uncalibrated = documentFor(space, trained.weights, 1, options, trained.epoch);
  const quantized = StanceModel.fromFile(parseModel(serializeModel(uncalibrated), 'in-memory'));
  const logits = split.validation.map((p) => quantized.logitsAnalysed(corpus.headline(p), corpus.body(p)));
  const temperature = fitTemperature(
    logits,
    validation.map((e) => e.label),
  );
  const document = documentFor(space, trained.weights, temperature, options, trained.epoch);
  const fileText = serializeModel(document);
  const model = StanceModel.fromFile(parseModel(fileText, 'in-memory'));
  const validationScores = scoreStances(
    split.validation.map((p) => p.stance),
    split.validation.map((p) => model.predictAnalysed(corpus.headline(p), corpus.body(p)).label),
  );
  log(
    `best epoch ${trained.epoch}; temperature ${temperature}; quantized validation FNC ${validationScores.fncPercent.toFixed(2)}%`,
  );
  return { fileText, sha256: documentSha256(document), model, validation: validationScores, epoch: trained.epoch };
}

function documentFor(
  space: FeatureSpace,
  weights: MlpWeights,
  temperature: number,
  options: StanceTrainingOptions,
  epoch: number,
): StanceModelDocument {
  const w1 = quantizeRows(weights.w1, weights.inputSize, weights.hidden);
  const rounded = (values: ArrayLike<number>) => Array.from(values, (v) => Math.fround(v));
  return {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    name: 'stance-mlp-1',
    labels: [...STANCE_LABELS],
    features: {
      tfSize: space.tfSize,
      hand: [...HAND_FEATURE_NAMES],
      terms: [...space.terms],
      idf: [...space.idf],
      unseenIdf: space.unseenIdf,
    },
    hidden: weights.hidden,
    temperature,
    training: {
      data: 'FNC-1 training split (Emergent, Ferreira & Vlachos 2016), split by headline 80/10/10',
      seed: options.seed,
      epochs: options.epochs,
      bestEpoch: epoch,
      batchSize: options.batchSize,
      learningRate: options.learningRate,
      l2: options.l2,
      keepProbability: options.keepProbability,
      labelWeights: options.labelWeights,
    },
    weights: {
      w1Int8: w1.int8,
      w1Scale: w1.scales,
      b1: rounded(weights.b1),
      w2: rounded(weights.w2),
      b2: rounded(weights.b2),
    },
  };
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
