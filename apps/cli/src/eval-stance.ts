/**
 * `npm run eval:stance [dataDir]`: scores the shipped stance model on the held-out headlines of the
 * FNC-1 split (none seen in training or tuning) through `StanceModel.predict`, the function the worker
 * calls. Prints JSON: FNC-1 weighted score (% of max), per-class F1, macro-F1, confusion matrix — for the
 * model's labels (network + guards), for the network alone, and for the same pairs with each body cut to
 * its first LEAD_SENTENCES sentences (the short texts the worker also reads).
 */
import { resolve } from 'node:path';
import {
  analyseText,
  DEFAULT_TRAINING_OPTIONS,
  readFncDataset,
  scoreStances,
  splitByHeadline,
  StanceModel,
} from '@claimtrail/stance';
import type { StanceLabel } from '@claimtrail/stance';

const dataDir = resolve(process.argv[2] ?? process.env.STANCE_TRAIN_DATA ?? '../shared/data/fnc-1-train');
const dataset = readFncDataset(dataDir);
const model = StanceModel.load(process.env.STANCE_MODEL_FILE || undefined);
const { heldOut, train } = splitByHeadline(dataset.pairs, DEFAULT_TRAINING_OPTIONS.seed);
const trainHeadlines = new Set(train.map((p) => p.headline));
if (heldOut.some((p) => trainHeadlines.has(p.headline)))
  throw new Error('held-out headline found in the training part');

const LEAD_SENTENCES = 3;
const gold = heldOut.map((p) => p.stance);
const round = (v: number) => Math.round(v * 10000) / 10000;
const summary = (predicted: StanceLabel[]) => {
  const scores = scoreStances(gold, predicted);
  return {
    fncPercent: Math.round(scores.fncPercent * 100) / 100,
    fncScore: scores.fncScore,
    fncMax: scores.fncMax,
    macroF1: round(scores.macroF1),
    f1: Object.fromEntries(Object.entries(scores.f1).map(([k, v]) => [k, round(v)])),
    accuracy: round(scores.accuracy),
    confusion: scores.confusion,
  };
};

const started = process.hrtime.bigint();
const predictions = heldOut.map((p) => model.predict(p.headline, dataset.bodies.get(p.bodyId)!));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const leadOf = (body: string) =>
  analyseText(body)
    .sentences.slice(0, LEAD_SENTENCES)
    .map((s) => s.text)
    .join(' ');
const leads = heldOut.map((p) => model.predict(p.headline, leadOf(dataset.bodies.get(p.bodyId)!)));
console.log(
  JSON.stringify(
    {
      modelVersion: model.modelVersion,
      pairs: heldOut.length,
      headlines: new Set(heldOut.map((p) => p.headline)).size,
      ...summary(predictions.map((p) => p.label)),
      msPerPair: Math.round((seconds * 1000 * 1000) / heldOut.length) / 1000,
      networkAlone: summary(predictions.map((p) => p.networkLabel)),
      [`leads${LEAD_SENTENCES}Sentences`]: summary(leads.map((p) => p.label)),
    },
    null,
    2,
  ),
);
