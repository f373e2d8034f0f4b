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
import { seededRandom } from './seeded-random';
import { scoreStances, StanceScores } from './stance-metrics';
import { fitTemperature } from './temperature';

export interface StanceTrainingOptions extends Omit<MlpTrainingOptions, 'labels'> {
  /** Terms whose IDF is kept (cosine and overlaps); the first `tfSize` are also TF features. */
  terms: number;
  tfSize: number;
  /**
   * Short-body augmentation: for `share` of the training pairs, one more pair whose body is only the
   * first 1..`maxSentences` sentences of the article. FNC-1's bodies are long articles; the worker also
   * reads short texts (ledes, wire snippets, one-paragraph statements), which a model that saw only long
   * bodies misreads. Early stopping scores both the full and the lead validation pairs.
   */
  leadAugmentation: { share: number; maxSentences: number };
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
  leadAugmentation: { share: 0.5, maxSentences: 4 },
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

  /** The body cut to its first `sentences` sentences (a lede or a short statement). */
  lead(pair: StancePair, sentences: number): AnalysedText {
    const full = this.body(pair);
    const cut = full.sentences.slice(0, sentences).map((s) => s.text);
    return this.get(`l${sentences}:${pair.bodyId}`, cut.join(' '));
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
  const example = (p: StancePair, body: AnalysedText): TrainingExample => ({
    input: space.pairInput(corpus.headline(p), body),
    label: STANCE_LABELS.indexOf(p.stance),
  });
  const leads = leadPairs(corpus, options.leadAugmentation, options.seed);
  const train = [
    ...split.train.map((p) => example(p, corpus.body(p))),
    ...leads(split.train).map(({ pair, body }) => example(pair, body)),
  ];
  const validation = split.validation.map((p) => example(p, corpus.body(p)));
  const leadValidation = leads(split.validation).map(({ pair, body }) => example(pair, body));
  log(
    `features: ${space.inputSize} inputs; ${train.length} training pairs (with leads), ` +
      `${validation.length} + ${leadValidation.length} lead validation pairs`,
  );

  const score = (weights: MlpWeights, set: TrainingExample[]) =>
    scoreStances(
      set.map((e) => STANCE_LABELS[e.label]),
      set.map((e) => STANCE_LABELS[argmax(mlpForward(weights, e.input).logits)]),
    );
  const trained = trainMlp(train, space.inputSize, { ...options, labels: STANCE_LABELS.length }, (weights, epoch) => {
    const full = score(weights, validation);
    const lead = score(weights, leadValidation);
    log(
      `epoch ${epoch}: validation FNC ${full.fncPercent.toFixed(2)}%, macro-F1 ${full.macroF1.toFixed(4)}; ` +
        `leads FNC ${lead.fncPercent.toFixed(2)}%, macro-F1 ${lead.macroF1.toFixed(4)}`,
    );
    return (full.fncPercent + 100 * full.macroF1 + lead.fncPercent + 100 * lead.macroF1) / 2;
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
    `best epoch ${trained.epoch}; temperature ${temperature}; quantized validation FNC ` +
      `${validationScores.fncPercent.toFixed(2)}%`,
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
      leadAugmentation: options.leadAugmentation,
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

/** Draws the augmented short-body pairs: which pairs and how many sentences, from a seeded generator. */
function leadPairs(
  corpus: AnalysedCorpus,
  { share, maxSentences }: StanceTrainingOptions['leadAugmentation'],
  seed: number,
): (pairs: StancePair[]) => Array<{ pair: StancePair; body: AnalysedText }> {
  return (pairs) => {
    const random = seededRandom(seed ^ 0x1ead);
    const drawn: Array<{ pair: StancePair; body: AnalysedText }> = [];
    for (const pair of pairs) {
      const take = random() < share;
      const sentences = 1 + Math.floor(random() * maxSentences);
      if (take && corpus.body(pair).sentences.length > sentences)
        drawn.push({ pair, body: corpus.lead(pair, sentences) });
    }
    return drawn;
  };
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
