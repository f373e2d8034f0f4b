import type { SparseVector } from '../features/feature-space';

/** The four FNC-1 stances, in the order of the model's outputs. */
export const STANCE_LABELS = ['unrelated', 'discuss', 'agree', 'disagree'] as const;
export type StanceLabel = (typeof STANCE_LABELS)[number];

/**
 * A one-hidden-layer perceptron: ReLU hidden units over a sparse input, softmax over the labels.
 * `w1` is row-major by input (the `hidden` weights of input i start at i · hidden), so a sparse
 * input costs only its non-zero rows.
 */
export interface MlpWeights {
  inputSize: number;
  hidden: number;
  w1: Float32Array | Float64Array;
  b1: Float32Array | Float64Array;
  /** Row-major by hidden unit: the label weights of unit j start at j · labels. */
  w2: Float32Array | Float64Array;
  b2: Float32Array | Float64Array;
}

export interface MlpActivations {
  hidden: Float64Array;
  logits: Float64Array;
}

export function mlpForward(weights: MlpWeights, input: SparseVector): MlpActivations {
  const { hidden: h, w1, b1, w2, b2 } = weights;
  const labels = b2.length;
  const hidden = new Float64Array(h);
  for (let j = 0; j < h; j++) hidden[j] = b1[j];
  for (let k = 0; k < input.indices.length; k++) {
    const row = input.indices[k] * h;
    const v = input.values[k];
    for (let j = 0; j < h; j++) hidden[j] += v * w1[row + j];
  }
  for (let j = 0; j < h; j++) if (hidden[j] < 0) hidden[j] = 0;
  const logits = new Float64Array(labels);
  for (let c = 0; c < labels; c++) logits[c] = b2[c];
  for (let j = 0; j < h; j++) {
    if (hidden[j] === 0) continue;
    for (let c = 0; c < labels; c++) logits[c] += hidden[j] * w2[j * labels + c];
  }
  return { hidden, logits };
}

/** Softmax of `logits / temperature` (temperature scaling calibrates without changing the argmax). */
export function softmax(logits: ArrayLike<number>, temperature = 1): number[] {
  let max = -Infinity;
  for (let c = 0; c < logits.length; c++) max = Math.max(max, logits[c] / temperature);
  const exps = Array.from(logits, (l) => Math.exp(l / temperature - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/**
 * How much each input pushes `label` above the other labels, as a function of (input, value):
 * its value times the gradient of (logit[label] − mean logit) through the active hidden units
 * (exact for a ReLU network locally). The per-unit factors are computed once per prediction.
 */
export function contributionTowards(
  weights: MlpWeights,
  activations: MlpActivations,
  label: number,
): (i: number, value: number) => number {
  const { hidden: h, w1, w2 } = weights;
  const labels = weights.b2.length;
  const factor = new Float64Array(h);
  for (let j = 0; j < h; j++) {
    if (activations.hidden[j] === 0) continue;
    let mean = 0;
    for (let c = 0; c < labels; c++) mean += w2[j * labels + c];
    factor[j] = w2[j * labels + label] - mean / labels;
  }
  return (i, value) => {
    let total = 0;
    for (let j = 0; j < h; j++) total += w1[i * h + j] * factor[j];
    return value * total;
  };
}
