/**
 * @claimtrail/stance — the trained relatedness + stance model (FNC-1 labels: unrelated,
 * discuss, agree, disagree) in plain TypeScript: load the shipped weights once, then
 * `predict(claim, body)` and `read(claim, body, n)` (the prediction with the passages carrying it). The training and evaluation
 * functions are exported for the CLI scripts (`npm run train:stance`, `npm run eval:stance`).
 */
export { StanceModel, DEFAULT_STANCE_MODEL_FILE } from './stance-model';
export type { StancePrediction } from './stance-model';
export { STANCE_LABELS } from './model/mlp';
export type { StanceLabel } from './model/mlp';
export { StanceModelLoadError } from './model/model-file';
export { analyseText } from './features/analysed-text';
export type { AnalysedText } from './features/analysed-text';

export { readFncDataset } from './training/fnc-dataset';
export type { StanceDataset, StancePair } from './training/fnc-dataset';
export { splitByHeadline } from './training/headline-split';
export { scoreStances } from './training/stance-metrics';
export type { StanceScores } from './training/stance-metrics';
export { trainStanceModel, DEFAULT_TRAINING_OPTIONS, AnalysedCorpus } from './training/train-stance-model';
export type { StanceTrainingOptions, TrainedStanceModel } from './training/train-stance-model';
