import { STANCE_LABELS } from '../model/mlp';
import type { StanceDataset } from './fnc-dataset';
import { DEFAULT_TRAINING_OPTIONS, trainStanceModel } from './train-stance-model';

/** A small synthetic sample: a few stories, headlines that agree, deny, discuss or are unrelated. */
function sample(): StanceDataset {
  const topics = [
    'volcano erupted island',
    'bank merger announced',
    'mayor resigned scandal',
    'team won championship',
    'drone crashed farm',
    'museum stolen painting',
  ];
  const bodies = new Map<number, string>();
  topics.forEach((t, i) =>
    bodies.set(i, `Reports say the ${t} today. Officials confirmed the ${t}. Some called it a hoax but ${t} again.`),
  );
  const pairs: StanceDataset['pairs'] = [];
  topics.forEach((t, i) => {
    for (let k = 0; k < 4; k++) {
      const label = STANCE_LABELS[k];
      pairs.push({ headline: `${label} ${k} ${t}`, bodyId: i, stance: label });
      pairs.push({ headline: `${label} ${k} ${t}`, bodyId: (i + 1) % topics.length, stance: 'unrelated' });
    }
  });
  return { pairs, bodies };
}

const options = { ...DEFAULT_TRAINING_OPTIONS, terms: 200, tfSize: 50, hidden: 8, epochs: 2, batchSize: 8 };

describe('trainStanceModel', () => {
  it('given the same data and seed, when training twice, then the weights file is identical (same sha256)', () => {
    const first = trainStanceModel(sample(), options);
    const second = trainStanceModel(sample(), options);
    expect(second.sha256).toBe(first.sha256);
    expect(second.fileText).toBe(first.fileText);
  });

  it('given another seed, when training, then the weights differ', () => {
    expect(trainStanceModel(sample(), { ...options, seed: 7 }).sha256).not.toBe(
      trainStanceModel(sample(), options).sha256,
    );
  });
});
