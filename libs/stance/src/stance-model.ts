import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseText, AnalysedText } from './features/analysed-text';
import { claimTermsTogether } from './features/claim-terms-together';
import { claimNames, nameKeys } from './features/claim-names';
import { FeatureSpace, PairInput } from './features/feature-space';
import { HEDGING_WORDS, NEGATION_WORDS, REFUTING_WORDS, SUPPORTING_WORDS } from './features/lexicons';
import { dequantizeRows, parseModel, StanceModelFile, StanceModelLoadError } from './model/model-file';
import {
  contributionTowards,
  MlpActivations,
  mlpForward,
  MlpWeights,
  softmax,
  STANCE_LABELS,
  StanceLabel,
} from './model/mlp';

/** The weights shipped in the repository (libs/stance/model), made by `npm run train:stance`. */
export const DEFAULT_STANCE_MODEL_FILE = join(__dirname, '..', 'model', 'stance-model.json');

/** What the model reads in an article about a claim. */
export interface StancePrediction {
  /** Calibrated (temperature-scaled) probabilities; they sum to 1. */
  probabilities: Record<StanceLabel, number>;
  /** What the model reads: the network's most probable label, after the guards below. */
  label: StanceLabel;
  /** The network's most probable label before the guards (for evaluation and for the editor's reason). */
  networkLabel: StanceLabel;
  /** Why a guard changed the network's label, if one did. */
  guard?: string;
  /** Name and weights hash, e.g. `stance-mlp-1@3f2a9c01d4e5`. */
  modelVersion: string;
  /**
   * The inputs that pushed most towards `label`, for an editor: "cosine 0.41", "refuting word 'hoax' near claim terms".
   * Empty when read as unrelated: nothing is attached then.
   */
  strongestFeatures: string[];
}

const STRONGEST = 3;
/**
 * From this probability of "unrelated" an article is read as unrelated even when another label
 * is more probable: attaching evidence from another story is the costlier error. Chosen on the
 * validation split, not on the held-out part (with the two other guards, FNC-1 score 91.3% → 91.0%).
 */
export const UNRELATED_FROM_PROBABILITY = 0.3;
const CUE_WORDS = [REFUTING_WORDS, HEDGING_WORDS, SUPPORTING_WORDS, NEGATION_WORDS];

/**
 * The trained relatedness + stance model (FNC-1 labels), pure TypeScript. Load it once (it
 * reads and checks its weights file); `predict` is synchronous CPU work with no I/O.
 */
export class StanceModel {
  readonly modelVersion: string;

  private constructor(
    private readonly space: FeatureSpace,
    private readonly weights: MlpWeights,
    private readonly temperature: number,
    readonly sha256: string,
    name: string,
  ) {
    this.modelVersion = `${name}@${sha256.slice(0, 12)}`;
  }

  /** Reads and checks a weights file; throws StanceModelLoadError naming the file when it cannot be used. */
  static load(file: string = DEFAULT_STANCE_MODEL_FILE): StanceModel {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new StanceModelLoadError(
        file,
        `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
    return StanceModel.fromFile(parseModel(text, file));
  }

  /** A model from a parsed, checked weights file (training uses it to score what it just made). */
  static fromFile(file: StanceModelFile): StanceModel {
    const { features, weights, hidden } = file;
    const space = new FeatureSpace(features.terms, features.idf, features.unseenIdf, features.tfSize);
    const mlp: MlpWeights = {
      inputSize: space.inputSize,
      hidden,
      w1: dequantizeRows(weights.w1Int8, weights.w1Scale, hidden),
      b1: Float32Array.from(weights.b1),
      w2: Float32Array.from(weights.w2),
      b2: Float32Array.from(weights.b2),
    };
    return new StanceModel(space, mlp, file.temperature, file.sha256, file.name);
  }

  predict(claim: string, body: string): StancePrediction {
    return this.predictAnalysed(analyseText(claim), analyseText(body));
  }

  /** `predict` for texts already analysed (one claim against many articles analyses the claim once). */
  predictAnalysed(claim: AnalysedText, body: AnalysedText): StancePrediction {
    return this.predictInput(this.space.pairInput(claim, body), relatednessOf(claim, body));
  }

  /** The uncalibrated logits (training fits the temperature on them). */
  logitsAnalysed(claim: AnalysedText, body: AnalysedText): Float64Array {
    return mlpForward(this.weights, this.space.pairInput(claim, body)).logits;
  }

  /**
   * `predict`, and the `n` stance passages when the article is related: each text analysed once, each sentence scored
   * once. No prediction when the relatedness guards alone read the article as unrelated: they override any label of
   * the network, so neither the per-sentence features nor the network are computed (most candidates are about other
   * stories), and the label is the one `predict` gives.
   */
  read(claim: string, body: string, n: number): { prediction?: StancePrediction; passages: string[] } {
    const claimText = analyseText(claim);
    const bodyText = analyseText(body);
    const relatedness = relatednessOf(claimText, bodyText);
    if (relatedness.unrelatedBecause) return { passages: [] };
    const input = this.space.pairInput(claimText, bodyText);
    const prediction = this.predictInput(input, relatedness);
    return {
      prediction,
      passages: prediction.label === 'unrelated' ? [] : passages(bodyText, input.hand.sentenceCloseness, n),
    };
  }

  private predictInput(input: PairInput, relatedness: Relatedness): StancePrediction {
    const activations = mlpForward(this.weights, input);
    const p = softmax(activations.logits, this.temperature);
    const best = p.indexOf(Math.max(...p));
    const probabilities = Object.fromEntries(STANCE_LABELS.map((label, c) => [label, p[c]])) as Record<
      StanceLabel,
      number
    >;
    const networkLabel = STANCE_LABELS[best];
    const guarded = guard(networkLabel, probabilities, relatedness);
    const label = guarded?.label ?? networkLabel;
    return {
      probabilities,
      label,
      networkLabel,
      ...(guarded && { guard: guarded.reason }),
      modelVersion: this.modelVersion,
      // A second pass over the network: skipped where nothing is shown (most candidates are unrelated).
      strongestFeatures: label === 'unrelated' ? [] : this.strongestFeatures(input, activations, best),
    };
  }

  /** The inputs that pushed most towards the network's label, described for an editor. */
  private strongestFeatures(input: PairInput, activations: MlpActivations, label: number): string[] {
    const contribution = contributionTowards(this.weights, activations, label);
    return input.indices
      .map((i, k) => ({ i, c: contribution(i, input.values[k]) }))
      .filter((x) => x.c > 0)
      .sort((a, b) => b.c - a.c || a.i - b.i)
      .slice(0, STRONGEST)
      .map(({ i }) => this.space.describeInput(i, input.hand));
  }
}

/**
 * The `n` sentences closest to the claim, a cue word (refuting, hedging, supporting, negating) a little closer; in text
 * order.
 */
function passages(body: AnalysedText, closeness: readonly number[], n: number): string[] {
  return body.sentences
    .map((s, i) => {
      const cue = s.content.some((t) => CUE_WORDS.some((list) => list.has(t))) ? 0.1 : 0;
      return { i, text: s.text, score: closeness[i] > 0 ? closeness[i] + cue : 0 };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, n)
    .sort((a, b) => a.i - b.i)
    .map((s) => s.text);
}

/** What the relatedness guards read before the network: why the article is unrelated, or the word contesting it. */
interface Relatedness {
  unrelatedBecause?: string;
  contestedBy?: string;
}

/**
 * An article is read as unrelated, whatever the network says, when no sentence of it holds the claim's terms
 * together or when it names none of the claim's actors: attaching evidence from another story is the costlier error.
 */
function relatednessOf(claim: AnalysedText, body: AnalysedText): Relatedness {
  const names = claimNames(claim, body);
  const terms = claimTermsTogether(claim, body, nameKeys([...names.names, ...names.calendar]));
  if (!terms.enough) {
    const reason = `no sentence holds the claim's terms together, one not a name (at most ${terms.together} of ${terms.claimTerms})`;
    return { unrelatedBecause: `${reason}, so read as unrelated` };
  }
  if (names.names.length > 0 && names.found.length === 0) {
    return { unrelatedBecause: `names none of the claim's (${names.names.join(', ')}), so read as unrelated` };
  }
  return terms.contestedBy ? { contestedBy: terms.contestedBy } : {};
}

/**
 * Where the network's label is not trusted: the relatedness guards above, and when the network itself gives
 * "unrelated" a fair chance. An "agree" with a refuting word in a sentence stating the claim ("denied that …",
 * "… baseless") is read as coverage: FNC-1 has few short denials, and the network reads one as agreement by overlap.
 */
function guard(
  label: StanceLabel,
  p: Record<StanceLabel, number>,
  relatedness: Relatedness,
): { label: StanceLabel; reason: string } | undefined {
  if (label === 'unrelated') return undefined;
  if (relatedness.unrelatedBecause) return { label: 'unrelated', reason: relatedness.unrelatedBecause };
  if (p.unrelated >= UNRELATED_FROM_PROBABILITY) {
    const reason = `p(unrelated) ${p.unrelated.toFixed(2)} ≥ ${UNRELATED_FROM_PROBABILITY}`;
    return { label: 'unrelated', reason: `${reason}, so read as unrelated` };
  }
  if (label === 'agree' && relatedness.contestedBy) {
    const reason = `contested: '${relatedness.contestedBy}' in a sentence stating the claim`;
    return { label: 'discuss', reason: `${reason}, so read as coverage, not agreement` };
  }
  return undefined;
}
