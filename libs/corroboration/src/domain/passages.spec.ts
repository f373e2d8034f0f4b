import { bestPassages, splitSentences } from './passages';
import { contentTokens, relevance, stem, tokenOverlap, trigramSimilarity } from './text-similarity';

describe('splitSentences', () => {
  it('splits at sentence ends and quotes, never across lines', () => {
    const text =
      'When asked, the official confirmed they were referring to military drones. “While the Chinese government might not admit it, they are going to struggle,” the official added.\nKupol was placed under US sanctions in December 2023.';
    expect(splitSentences(text)).toEqual([
      'When asked, the official confirmed they were referring to military drones.',
      '“While the Chinese government might not admit it, they are going to struggle,” the official added.',
      'Kupol was placed under US sanctions in December 2023.',
    ]);
  });

  it('does not split inside numbers', () => {
    expect(
      splitSentences('The G3 drone can reportedly travel around 1,200 miles with a payload of 50.5 kg.'),
    ).toHaveLength(1);
  });
});

describe('text similarity', () => {
  it('stems plurals and inflections so they meet', () => {
    expect(['companies', 'supplying', 'drones', 'denied', 'tested'].map(stem)).toEqual([
      'company',
      'supply',
      'drone',
      'deny',
      'test',
    ]);
    expect(contentTokens('The Chinese companies are supplying drones')).toEqual([
      'chinese',
      'company',
      'supply',
      'drone',
    ]);
  });

  it('measures overlap as the share of the claim found in the passage', () => {
    expect(tokenOverlap('Chinese companies supply drones', 'drones from Chinese companies')).toBeCloseTo(0.75);
    expect(tokenOverlap('', 'anything')).toBe(0);
  });

  it('measures trigram similarity like pg_trgm: 1 for equal text, 0 for nothing shared', () => {
    expect(trigramSimilarity('attack drones', 'attack drones')).toBe(1);
    expect(trigramSimilarity('attack drones', 'xyz')).toBe(0);
    expect(trigramSimilarity('attack drone', 'attack drones')).toBeGreaterThan(0.7);
  });

  it('takes the better of the two', () => {
    expect(relevance('drones', 'drone')).toBe(1);
  });
});

describe('bestPassages', () => {
  it('returns the most relevant sentences first, above the threshold, at most the limit', () => {
    const text = [
      'Kupol was placed under US sanctions in December 2023.',
      'There is clear evidence that Chinese companies are supplying military attack drones to Russia.',
      'The names of the Chinese firms allegedly involved were not revealed.',
      'Hurricane Helene hits Florida.',
    ].join('\n');
    const passages = bestPassages('Chinese companies are supplying attack drones to Russia', text, 2, 0.1);
    expect(passages.map((p) => p.text)).toEqual([
      'There is clear evidence that Chinese companies are supplying military attack drones to Russia.',
      'The names of the Chinese firms allegedly involved were not revealed.',
    ]);
    expect(passages[0].relevance).toBe(1);
  });
});
