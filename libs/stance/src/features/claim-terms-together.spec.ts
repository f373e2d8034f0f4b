import { analyseText } from './analysed-text';
import { claimTermsTogether } from './claim-terms-together';

const claim = analyseText('Chinese companies are supplying attack drones to Russia');

describe('claimTermsTogether', () => {
  it('given claim terms meeting in one sentence, when checked, then the article is about the claim', () => {
    const body = analyseText('Officials said Chinese firms supply drones. The weather was fine.');
    expect(claimTermsTogether(claim, body)).toEqual({ together: 3, claimTerms: 6, enough: true });
  });

  it('given claim terms scattered over different sentences, when checked, then it is not enough', () => {
    const body = analyseText('A drone show lit up the sky. Chinese New Year began on Monday. Russia hosted a summit.');
    expect(claimTermsTogether(claim, body)).toMatchObject({ together: 1, enough: false });
  });

  it('given a one-term claim, when the term appears, then one is enough', () => {
    expect(claimTermsTogether(analyseText('Inflation!'), analyseText('Inflation rose again.')).enough).toBe(true);
  });

  it('given an empty body, when checked, then nothing is together', () => {
    expect(claimTermsTogether(claim, analyseText(''))).toEqual({ together: 0, claimTerms: 6, enough: false });
  });
});

describe('claimTermsTogether, contested', () => {
  it('given a sentence stating the claim with a refuting word, when checked, then it names the word', () => {
    const body = analyseText('The ministry denied that Chinese companies supply drones to Russia.');
    expect(claimTermsTogether(claim, body).contestedBy).toBe('denied');
  });

  it('given a refuting word away from the claim’s terms, when checked, then nothing is contested', () => {
    const body = analyseText('Chinese companies supply drones to Russia. Separately, a hoax about a celebrity spread.');
    expect(claimTermsTogether(claim, body).contestedBy).toBeUndefined();
  });

  it('given a claim that itself refutes, when checked, then its own word is no contest', () => {
    const denial = analyseText('Officials denied that drones were supplied');
    expect(claimTermsTogether(denial, analyseText('Officials denied that drones were supplied.')).contestedBy).toBe(
      undefined,
    );
  });
});

describe('claimTermsTogether, names alone', () => {
  const grain = analyseText('Ukraine exported a record 6 million tonnes of grain through Odesa in October');
  const minor = new Set(['odes', 'octo']);

  it('given a sentence sharing only the claim’s place and month, when names are known, then it is not enough', () => {
    const opera = analyseText("Odesa's opera house reopened in October after repairs.");
    expect(claimTermsTogether(grain, opera, minor)).toMatchObject({ together: 0, enough: false });
    expect(claimTermsTogether(grain, opera).enough).toBe(true);
  });

  it('given a sentence sharing a word of the claim beside its place, when names are known, then it is enough', () => {
    const port = analyseText('Grain exports through Odesa rose in October.');
    expect(claimTermsTogether(grain, port, minor).enough).toBe(true);
  });
});
