/**
 * `npm run train:stance [dataDir]`: trains the stance model on FNC-1 (default ../shared/data/fnc-1-train,
 * or STANCE_TRAIN_DATA) and writes libs/stance/model/stance-model.json; prints the file's sha256.
 * Training and evaluation are the only code that reads ../shared.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_TRAINING_OPTIONS, readFncDataset, trainStanceModel } from '@claimtrail/stance';

const dataDir = resolve(process.argv[2] ?? process.env.STANCE_TRAIN_DATA ?? '../shared/data/fnc-1-train');
const output = resolve(process.env.STANCE_MODEL_OUTPUT ?? 'libs/stance/model/stance-model.json');
const started = Date.now();
const trained = trainStanceModel(readFncDataset(dataDir), {
  ...DEFAULT_TRAINING_OPTIONS,
  log: (line) => process.stderr.write(`${line}\n`),
});
writeFileSync(output, trained.fileText);
const v = trained.validation;
console.log(
  JSON.stringify({
    output,
    fileSha256: createHash('sha256').update(trained.fileText).digest('hex'),
    bytes: Buffer.byteLength(trained.fileText),
    modelVersion: trained.model.modelVersion,
    bestEpoch: trained.epoch,
    validation: { fncPercent: round(v.fncPercent), macroF1: round(v.macroF1), f1: v.f1 },
    seconds: round((Date.now() - started) / 1000),
  }),
);

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
