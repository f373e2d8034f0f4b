import type { SparseVector } from '../features/feature-space';
import { MlpWeights, softmax } from '../model/mlp';
import { seededRandom, shuffleInPlace } from './seeded-random';

export interface TrainingExample {
  input: SparseVector;
  label: number;
}

export interface MlpTrainingOptions {
  seed: number;
  hidden: number;
  labels: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** L2 penalty on every weight (added to its gradient as l2 · w). */
  l2: number;
  /** Probability of keeping a hidden unit during training (inverted dropout). */
  keepProbability: number;
  /** Loss weight per label (class imbalance). */
  labelWeights: number[];
}

/**
 * Trains a one-hidden-layer ReLU network with softmax cross-entropy, dropout on the hidden
 * layer, L2 and Adam, in plain typed-array loops. Everything random comes from one seeded
 * generator and the loops run in a fixed order, so the same inputs give the same weights bit for bit.
 * `afterEpoch` may score the weights (e.g. on a validation split); the best-scoring epoch's weights are returned.
 */
export function trainMlp(
  examples: readonly TrainingExample[],
  inputSize: number,
  options: MlpTrainingOptions,
  afterEpoch: (weights: MlpWeights, epoch: number) => number,
): { weights: MlpWeights; epoch: number; score: number } {
  const random = seededRandom(options.seed);
  const { hidden: h, labels } = options;
  const params = {
    w1: initialised(inputSize * h, Math.sqrt(6 / (inputSize + h)), random),
    b1: new Float64Array(h),
    w2: initialised(h * labels, Math.sqrt(6 / (h + labels)), random),
    b2: new Float64Array(labels),
  };
  const names = ['w1', 'b1', 'w2', 'b2'] as const;
  const grads = Object.fromEntries(names.map((n) => [n, new Float64Array(params[n].length)])) as typeof params;
  const moment1 = Object.fromEntries(names.map((n) => [n, new Float64Array(params[n].length)])) as typeof params;
  const moment2 = Object.fromEntries(names.map((n) => [n, new Float64Array(params[n].length)])) as typeof params;
  const weights: MlpWeights = { inputSize, hidden: h, ...params };

  const order = examples.map((_, i) => i);
  const act = new Float64Array(h);
  const mask = new Float64Array(h);
  const delta = new Float64Array(h);
  let step = 0;
  let best = { weights: snapshot(weights), epoch: 0, score: -Infinity };
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (let start = 0; start < order.length; start += options.batchSize) {
      const batch = order.slice(start, start + options.batchSize);
      for (const n of names) grads[n].fill(0);
      for (const index of batch) {
        const { input, label } = examples[index];
        const weight = options.labelWeights[label] / batch.length;
        for (let j = 0; j < h; j++) act[j] = params.b1[j];
        for (let k = 0; k < input.indices.length; k++) {
          const row = input.indices[k] * h;
          const v = input.values[k];
          for (let j = 0; j < h; j++) act[j] += v * params.w1[row + j];
        }
        for (let j = 0; j < h; j++) {
          mask[j] = act[j] > 0 && random() < options.keepProbability ? 1 / options.keepProbability : 0;
          act[j] *= mask[j];
        }
        const logits = new Float64Array(labels);
        for (let c = 0; c < labels; c++) {
          let sum = params.b2[c];
          for (let j = 0; j < h; j++) sum += act[j] * params.w2[j * labels + c];
          logits[c] = sum;
        }
        const p = softmax(logits);
        p[label] -= 1;
        for (let c = 0; c < labels; c++) grads.b2[c] += weight * p[c];
        for (let j = 0; j < h; j++) {
          let d = 0;
          for (let c = 0; c < labels; c++) {
            grads.w2[j * labels + c] += weight * act[j] * p[c];
            d += params.w2[j * labels + c] * p[c];
          }
          delta[j] = weight * d * mask[j];
          grads.b1[j] += delta[j];
        }
        for (let k = 0; k < input.indices.length; k++) {
          const row = input.indices[k] * h;
          const v = input.values[k];
          for (let j = 0; j < h; j++) grads.w1[row + j] += v * delta[j];
        }
      }
      step++;
      for (const n of names) adam(params[n], grads[n], moment1[n], moment2[n], step, options);
    }
    const score = afterEpoch(weights, epoch);
    if (score > best.score) best = { weights: snapshot(weights), epoch, score };
  }
  return best;
}

function initialised(length: number, limit: number, random: () => number): Float64Array {
  const values = new Float64Array(length);
  for (let i = 0; i < length; i++) values[i] = (random() * 2 - 1) * limit;
  return values;
}

function adam(
  w: Float64Array,
  g: Float64Array,
  m: Float64Array,
  v: Float64Array,
  step: number,
  options: MlpTrainingOptions,
): void {
  const beta1 = 0.9;
  const beta2 = 0.999;
  const lr = (options.learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
  for (let i = 0; i < w.length; i++) {
    const grad = g[i] + options.l2 * w[i];
    m[i] = beta1 * m[i] + (1 - beta1) * grad;
    v[i] = beta2 * v[i] + (1 - beta2) * grad * grad;
    w[i] -= (lr * m[i]) / (Math.sqrt(v[i]) + 1e-8);
  }
}

function snapshot(weights: MlpWeights): MlpWeights {
  return {
    ...weights,
    w1: Float64Array.from(weights.w1),
    b1: Float64Array.from(weights.b1),
    w2: Float64Array.from(weights.w2),
    b2: Float64Array.from(weights.b2),
  };
}
