import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_STANCE_MODEL_FILE, StanceModel } from './stance-model';
import { StanceModelLoadError } from './model/model-file';

const model = StanceModel.load();
const dir = mkdtempSync(join(tmpdir(), 'stance-model-'));

const body =
  'Kupol, a Russian drone maker, was placed under US sanctions in December 2023, the Treasury said. ' +
  'The company builds the Garpiya drone with Chinese engines. Officials said more sanctions could follow.';

describe('StanceModel', () => {
  it('given the shipped weights, when predicting, then probabilities are calibrated and sum to 1', () => {
    const prediction = model.predict('Kupol was placed under US sanctions in December 2023', body);
    const sum = Object.values(prediction.probabilities).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 10);
    expect(prediction.modelVersion).toMatch(/^stance-mlp-1@[0-9a-f]{12}$/);
    expect(prediction.label).not.toBe('unrelated');
    expect(prediction.strongestFeatures.length).toBeGreaterThan(0);
  });

  it('given an article about another story, when predicting, then it is unrelated', () => {
    const prediction = model.predict(
      'Kupol was placed under US sanctions in December 2023',
      'The city council approved a new budget for public parks and libraries on Tuesday.',
    );
    expect(prediction.label).toBe('unrelated');
    expect(prediction.networkLabel).toBe('unrelated');
    expect(prediction.probabilities.unrelated).toBeGreaterThan(0.8);
  });

  it('given an article on another story sharing two of the claim’s words, when predicting, then the guard reads it as unrelated and says why', () => {
    const prediction = model.predict(
      'A programme in China to deliver attack drones to Russia has been set up',
      'Volunteer pilots flew small camera drones over flooded towns after Hurricane Helene, producing maps that relief agencies used to plan deliveries.',
    );
    expect(prediction.label).toBe('unrelated');
    expect(prediction.guard).toMatch(/unrelated$/);
  });

  it('given a denial that states the claim, when the network reads agreement, then it is read as contested coverage', () => {
    const prediction = model.predict(
      'Chinese companies are supplying military attack drones to Russia',
      'The Chinese foreign ministry denied that Chinese companies are supplying attack drones to Russia, calling the report baseless.',
    );
    expect(prediction.label).not.toBe('agree');
    if (prediction.networkLabel === 'agree') expect(prediction.guard).toMatch(/^contested: 'denied'/);
  });

  it('given a related body, when reading it, then the sentences closest to the claim come back in text order', () => {
    const { passages } = model.read('Kupol was placed under US sanctions', body, 2);
    expect(passages).toEqual([
      'Kupol, a Russian drone maker, was placed under US sanctions in December 2023, the Treasury said.',
      'Officials said more sanctions could follow.',
    ]);
  });

  it('given a missing file, when loading, then the error names the file', () => {
    const missing = join(dir, 'missing.json');
    expect(() => StanceModel.load(missing)).toThrow(StanceModelLoadError);
    expect(() => StanceModel.load(missing)).toThrow(`stance model file ${missing}: cannot be read (ENOENT)`);
  });

  it('given an edited or truncated file, when loading, then the error names the file and the problem', () => {
    const shipped = readFileSync(DEFAULT_STANCE_MODEL_FILE, 'utf8');
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, shipped.replace('"temperature":', '"temperature":1e-9+0*'));
    expect(() => StanceModel.load(edited)).toThrow(`stance model file ${edited}: not valid JSON`);
    writeFileSync(edited, shipped.replace(/"b2":\[(-?)/, '"b2":[$11'));
    expect(() => StanceModel.load(edited)).toThrow(
      `stance model file ${edited}: sha256 does not match its content (corrupt or edited)`,
    );
    writeFileSync(edited, shipped.slice(0, 1000));
    expect(() => StanceModel.load(edited)).toThrow(`stance model file ${edited}: not valid JSON`);
    writeFileSync(edited, '{"format":"something-else"}');
    expect(() => StanceModel.load(edited)).toThrow(`stance model file ${edited}: not a claimtrail-stance-mlp file`);
  });
});
