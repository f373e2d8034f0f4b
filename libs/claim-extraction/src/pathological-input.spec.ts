import { articleSentences, MAX_PIECE_CHARS } from './article-sentences';
import { extractClaims, MAX_SENTENCE_CHARS } from './extract-claims';
import { trailingAttribution } from './trailing-attribution';

const extract = (text: string) => extractClaims(text, { publisher: 'The Daily Example' });

/**
 * Inputs that made backtracking rules or the NLP library run for seconds to minutes. Each
 * must come back with a sane answer; jest's timeout is the only clock (no timing thresholds).
 */
describe('extractClaims on pathological input', () => {
  it('hands the NLP library bounded pieces of a 200,000-character sentence and skips them as prose', () => {
    const text = 'word '.repeat(40_000);
    expect(articleSentences(text).every((s) => s.text.length <= MAX_PIECE_CHARS)).toBe(true);
    expect(extract(text)).toEqual([]);
  });

  it('reads a long run of one letter as no sentence of prose', () => {
    expect(extract('a'.repeat(200_000))).toEqual([]);
    expect(extract(`The minister said ${'A'.repeat(100_000)}.`)).toEqual([]);
  });

  it('skips a sentence longer than the bound before any rule sees it', () => {
    const long = `The minister said ${'the port would reopen and '.repeat(60)}ships would sail.`;
    expect(long.length).toBeGreaterThan(MAX_SENTENCE_CHARS);
    expect(extract(long)).toEqual([]);
  });

  it('finds each of thousands of quotes once', () => {
    const text = Array.from(
      { length: 3000 },
      (_, i) => `“Talks number ${i} will resume soon,” the minister said.`,
    ).join('\n');
    const claims = extract(text);
    expect(claims).toHaveLength(3000);
    expect(claims[2999]).toMatchObject({ claimant: 'the minister', statement: 'Talks number 2999 will resume soon' });
  });

  it('copes with quotation marks that never close', () => {
    const text = '“'.repeat(50_000) + ' said the minister.';
    expect(() => extract(text)).not.toThrow();
    expect(extract('“a “b “c '.repeat(10_000))).toEqual([]);
  });

  it('does not backtrack on runs of spaces, commas or capitalised words', () => {
    expect(extract(`The port${' '.repeat(50_000)}and said that it would reopen.`).length).toBeLessThanOrEqual(1);
    expect(extract(`Ships wait${','.repeat(50_000)} the harbour master said.`).length).toBeLessThanOrEqual(1);
    expect(extract(`The minister told ${'AAAAAAAA'.repeat(30)}! that it is over.`).length).toBeLessThanOrEqual(1);
    expect(extract(`${'Ships wait, '.repeat(90)}the harbour master said.`).length).toBeLessThanOrEqual(1);
  });

  it('looks for reports inside clauses a bounded number of times', () => {
    const sentence = `${'and the officials said '.repeat(45)}it was over.`;
    expect(sentence.length).toBeLessThan(MAX_SENTENCE_CHARS);
    expect(extract(sentence.repeat(200)).length).toBeLessThanOrEqual(400);
    expect(extract(`${'who said that '.repeat(80)}the port reopened.`).length).toBeLessThanOrEqual(1);
  });

  it('reads thousands of list items and lead-ins in one pass', () => {
    const list = ['The mayor said:', ...Array.from({ length: 5000 }, (_, i) => `- Item ${i} was delivered on time.`)];
    expect(extract(list.join('\n'))).toHaveLength(5000);
    expect(extract(`${'The mayor said: '.repeat(60)}\n${'- x\n'.repeat(5000)}`).length).toBeLessThanOrEqual(1);
  });

  it('tries a bounded number of candidate verbs in one sentence', () => {
    const masked = `${'x, said '.repeat(5000)}.`;
    let speakersChecked = 0;
    trailingAttribution(
      masked,
      (w) => w === 'said',
      () => {
        speakersChecked++;
        return false;
      },
    );
    expect(speakersChecked).toBeLessThanOrEqual(24);
  });
});
