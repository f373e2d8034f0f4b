import { STANCE_LABELS, StanceLabel } from '../model/mlp';

export interface StanceScores {
  /** FNC-1 weighted score as a percentage of the best possible on these pairs. */
  fncPercent: number;
  fncScore: number;
  fncMax: number;
  f1: Record<StanceLabel, number>;
  macroF1: number;
  accuracy: number;
  /** confusion[gold][predicted] */
  confusion: Record<StanceLabel, Record<StanceLabel, number>>;
}

const related = (label: StanceLabel) => label !== 'unrelated';

/** FNC-1's score (+0.25 related/unrelated right, +0.75 more for the right related label), F1s and confusion. */
export function scoreStances(gold: readonly StanceLabel[], predicted: readonly StanceLabel[]): StanceScores {
  let score = 0;
  let max = 0;
  let correct = 0;
  const confusion = Object.fromEntries(
    STANCE_LABELS.map((g) => [g, Object.fromEntries(STANCE_LABELS.map((p) => [p, 0]))]),
  ) as StanceScores['confusion'];
  gold.forEach((g, i) => {
    const p = predicted[i];
    confusion[g][p]++;
    if (g === p) correct++;
    max += related(g) ? 1 : 0.25;
    if (g === p) score += related(g) ? 1 : 0.25;
    else if (related(g) && related(p)) score += 0.25;
  });
  const f1 = Object.fromEntries(
    STANCE_LABELS.map((label) => {
      const tp = confusion[label][label];
      const goldCount = STANCE_LABELS.reduce((sum, p) => sum + confusion[label][p], 0);
      const predictedCount = STANCE_LABELS.reduce((sum, g) => sum + confusion[g][label], 0);
      return [label, tp === 0 ? 0 : (2 * tp) / (goldCount + predictedCount)];
    }),
  ) as Record<StanceLabel, number>;
  const macroF1 = STANCE_LABELS.reduce((sum, l) => sum + f1[l], 0) / STANCE_LABELS.length;
  return {
    fncPercent: (100 * score) / max,
    fncScore: score,
    fncMax: max,
    f1,
    macroF1,
    accuracy: correct / gold.length,
    confusion,
  };
}
