import { analyseText } from './analysed-text';
import { HAND_FEATURE_NAMES, handFeatures } from './hand-features';

const weights = { idfOf: (term: string) => (term === 'kupol' || term === 'sanctions' ? 5 : 1) };
const feature = (claim: string, body: string, name: (typeof HAND_FEATURE_NAMES)[number]) => {
  const f = handFeatures(analyseText(claim), analyseText(body), weights);
  const i = HAND_FEATURE_NAMES.indexOf(name);
  return { value: f.values[i], description: f.describe(i) };
};

describe('hand features', () => {
  it('given an article restating the claim, when featurised, then cosine and term share are high', () => {
    const claim = 'Kupol was placed under US sanctions in December 2023';
    expect(
      feature(claim, 'Kupol was placed under US sanctions in December 2023, the Treasury said.', 'cosine').value,
    ).toBeGreaterThan(0.8);
    expect(feature(claim, 'The weather in Paris was sunny.', 'cosine').value).toBe(0);
    expect(feature(claim, 'Kupol makes drones. Sanctions followed.', 'claim-terms-in-body').value).toBeGreaterThan(0.5);
  });

  it('given a refuting word near the claim terms, when featurised, then it is counted and named', () => {
    const f = feature(
      'Kupol is under sanctions',
      'Officials said the report that Kupol is under sanctions is a hoax.',
      'refuting-near-claim',
    );
    expect(f.value).toBeGreaterThan(0);
    expect(f.description).toBe("refuting word 'hoax' near claim terms");
  });

  it('given a refuting word far from any claim term, when featurised, then it is not near the claim', () => {
    const far = `Kupol is under sanctions. ${'Other news follows here today again. '.repeat(4)} The moon landing was a hoax.`;
    expect(feature('Kupol sanctions', far, 'refuting-near-claim').value).toBe(0);
    expect(feature('Kupol sanctions', far, 'refuting-words').value).toBeGreaterThan(0);
  });

  it("given numbers, when featurised, then the claim's numbers found and missing are told apart", () => {
    expect(feature('The drone flies 1200 miles', 'It flies 1200 miles.', 'claim-numbers-found').value).toBe(1);
    expect(feature('The drone flies 1200 miles', 'It flies 300 miles.', 'claim-numbers-missing').value).toBe(1);
    expect(feature('The drone flies 1200 miles', 'It flies far.', 'claim-numbers-missing').value).toBe(0);
  });

  it('given "didn\'t", when tokenised, then the negation is read near the claim', () => {
    expect(feature('Kupol sold drones', "Kupol didn't sell drones.", 'negation-near-claim').description).toBe(
      "negation 'not' near claim terms",
    );
  });
});
