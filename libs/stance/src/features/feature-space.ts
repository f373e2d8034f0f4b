import type { AnalysedText } from './analysed-text';
import { HAND_FEATURE_NAMES, handFeatures, HandFeatures } from './hand-features';

/** Indices (ascending) and values of the non-zero entries of a vector. */
export interface SparseVector {
  indices: number[];
  values: number[];
}

/** The model's input for one (claim, body) pair: sparse term frequencies, then the dense hand features. */
export interface PairInput extends SparseVector {
  hand: HandFeatures;
}

/**
 * The vocabulary and inverse document frequencies learnt from the training texts, and the
 * layout of the model's input: claim term frequencies, body term frequencies (both over the
 * first `tfSize` terms, L2-normalised, after Riedel et al. 2017), then the hand features.
 */
export class FeatureSpace {
  private readonly index = new Map<string, number>();

  constructor(
    /** Terms by corpus frequency, most frequent first; the first `tfSize` are term-frequency features. */
    readonly terms: readonly string[],
    /** Inverse document frequency of each term of `terms`. */
    readonly idf: readonly number[],
    /** IDF of a term never seen in training: the rarest there is. */
    readonly unseenIdf: number,
    readonly tfSize: number,
  ) {
    terms.forEach((term, i) => this.index.set(term, i));
  }

  /** Fits terms and IDF on training documents (each a list of content tokens); deterministic. */
  static fit(documents: ReadonlyArray<readonly string[]>, options: { terms: number; tfSize: number }): FeatureSpace {
    const counts = new Map<string, number>();
    const documentFrequency = new Map<string, number>();
    for (const doc of documents) {
      for (const term of doc) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const term of new Set(doc)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
    const terms = [...counts.keys()]
      .filter((term) => (documentFrequency.get(term) ?? 0) >= 2)
      .sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, options.terms);
    const n = documents.length;
    const idfOf = (df: number) => Math.round((Math.log((1 + n) / (1 + df)) + 1) * 1000) / 1000;
    return new FeatureSpace(
      terms,
      terms.map((t) => idfOf(documentFrequency.get(t)!)),
      idfOf(1),
      Math.min(options.tfSize, terms.length),
    );
  }

  get inputSize(): number {
    return 2 * this.tfSize + HAND_FEATURE_NAMES.length;
  }

  idfOf(term: string): number {
    const i = this.index.get(term);
    return i === undefined ? this.unseenIdf : this.idf[i];
  }

  /** Claim TF, body TF and hand features of a pair, as one sparse input vector. */
  pairInput(claim: AnalysedText, body: AnalysedText): PairInput {
    const hand = handFeatures(claim, body, this);
    const head = this.termFrequencies(claim.contentCounts, 0);
    const text = this.termFrequencies(body.contentCounts, this.tfSize);
    const offset = 2 * this.tfSize;
    const indices = [...head.indices, ...text.indices];
    const values = [...head.values, ...text.values];
    hand.values.forEach((value, i) => {
      if (value === 0) return;
      indices.push(offset + i);
      values.push(value);
    });
    return { indices, values, hand };
  }

  /** Describes input `i` for an editor: a claim or body term, or a hand feature. */
  describeInput(i: number, hand: HandFeatures): string {
    if (i < this.tfSize) return `claim word '${this.terms[i]}'`;
    if (i < 2 * this.tfSize) return `article word '${this.terms[i - this.tfSize]}'`;
    return hand.describe(i - 2 * this.tfSize);
  }

  /** L2-normalised counts of the TF terms, indices shifted by `offset`. */
  private termFrequencies(bag: ReadonlyMap<string, number>, offset: number): SparseVector {
    const counts = new Map<number, number>();
    for (const [token, count] of bag) {
      const i = this.index.get(token);
      if (i !== undefined && i < this.tfSize) counts.set(i, count);
    }
    const sorted = [...counts.keys()].sort((a, b) => a - b);
    const norm = Math.sqrt(sorted.reduce((sum, i) => sum + counts.get(i)! ** 2, 0));
    return { indices: sorted.map((i) => i + offset), values: sorted.map((i) => counts.get(i)! / norm) };
  }
}
