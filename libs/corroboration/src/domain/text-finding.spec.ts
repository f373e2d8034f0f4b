import { StanceModel } from '@claimtrail/stance';
import type { ClaimToCorroborate } from '../source-adapter';
import { findingInText } from './text-finding';

const model = StanceModel.load();
const claim: ClaimToCorroborate = {
  claimId: 'c1',
  text: 'There is clear evidence that Chinese companies are supplying military attack drones to Russia',
  claimant: 'a western official',
  language: 'en',
  citedUrls: [],
};
const options = { maxPassages: 2, retrievedAt: '2026-01-01T00:00:00.000Z', refPrefix: 'article:a1', note: 'rank 0.5' };
const found = (publisher: string, text: string) => ({ publisher, url: `https://${publisher}.example/1`, text });

describe('findingInText', () => {
  it('given an article about another story, when read, then there is no finding', () => {
    const weather = found(
      'weather-desk',
      'Drones mapped flood damage after Hurricane Helene to plan relief deliveries.',
    );
    expect(findingInText(model, claim, weather, options)).toEqual([]);
  });

  it('given independent reporting of the claim, when read, then one supporting finding with the model’s reason', () => {
    const report = found(
      'defence-journal',
      'Documents seen by the journal show Chinese companies supplying military attack drones to Russia. ' +
        'Two engineers confirmed the deliveries of attack drones from Chinese firms to Russia.',
    );
    const [finding] = findingInText(model, claim, report, options);
    const prediction = model.predict('Chinese companies are supplying military attack drones to Russia', report.text);
    expect(finding).toMatchObject({
      publisher: 'defence-journal',
      stance: 'supports',
      confidence: Math.round(prediction.probabilities.agree * 1000) / 1000,
      reason: expect.stringMatching(
        /^stance-mlp-1@[0-9a-f]{12}: agree 0\.\d\d \(disagree .*; strongest: .*; rank 0\.5$/,
      ),
      retrievedAt: options.retrievedAt,
      sourceRef: expect.stringMatching(/^article:a1#[0-9a-f]{16}$/),
    });
    expect(finding.excerpt).toContain('Chinese companies supplying military attack drones to Russia');
  });

  it('given the same text twice, when read, then the finding is the same (a retry attaches it once)', () => {
    const report = found(
      'wire',
      'Chinese companies are supplying military attack drones to Russia, the wire reported.',
    );
    expect(findingInText(model, claim, report, options)).toEqual(findingInText(model, claim, report, options));
  });

  it('given a subject’s denial stating the claim, when read, then it is never support', () => {
    const denial = found(
      'beijing-bulletin',
      'The Chinese foreign ministry denied that Chinese companies are supplying attack drones to Russia, calling the report baseless.',
    );
    expect(findingInText(model, claim, denial, options)).toEqual([
      expect.objectContaining({
        stance: 'neutral',
        subjectResponse: true,
        reason: expect.stringContaining('contested'),
      }),
    ]);
  });

  it('given a non-denial next to the claim, when the model reads agreement, then it is coverage, not support', () => {
    const nonDenial = found(
      'sky-news',
      'Chinese companies are supplying military attack drones to Russia, an official said. ' +
        'The Chinese embassy said it was not aware of the specifics you mentioned.',
    );
    const [finding] = findingInText(model, claim, nonDenial, options);
    expect(finding.stance).not.toBe('supports');
  });

  it('given a long article, when read, then the excerpt is bounded', () => {
    const long = found('wire', 'Chinese companies are supplying military attack drones to Russia. '.repeat(40));
    const [finding] = findingInText(model, claim, long, { ...options, maxPassages: 20 });
    expect(finding.excerpt.length).toBeLessThanOrEqual(800);
  });
});
