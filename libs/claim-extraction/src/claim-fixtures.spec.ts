import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractClaims } from './extract-claims';
import { ExpectedClaim, matchClaims } from './claim-matching';
import seedFixture from './fixtures/seed-article.claims.json';
import archiveFixture from './fixtures/archive.claims.json';
import stressFixture from './fixtures/stress.claims.json';

const seeds = join(__dirname, '..', '..', '..', 'seeds');
const article = readFileSync(join(seeds, 'articles', 'sky-news-china-drones.txt'), 'utf8');
const metadata = JSON.parse(readFileSync(join(seeds, 'articles', 'sky-news-china-drones.json'), 'utf8')) as {
  unrelatedLines: string[];
};

/**
 * Claims of the fixtures the extractor is known not to find. Improving the extractor makes
 * these tests fail until the list is shortened: the list is the extractor's honest record.
 */
const KNOWN_MISSES_SEED: string[] = [];
// Press statements speak in their publisher's own voice; only dated facts are claimed that way.
const KNOWN_MISSES_ARCHIVE = ['nato-st-enabler', 'emb-st-export-control', 'emb-st-fair-position'];

describe('extractClaims on the seed article', () => {
  const found = extractClaims(article, { publisher: 'Sky News' });
  const report = matchClaims(seedFixture.claims, found);

  it('finds the claims a careful reader finds, except the known misses', () => {
    expect(report.missed.map((c) => c.id)).toEqual(KNOWN_MISSES_SEED);
  });

  it('finds nothing a careful reader would not call a claim', () => {
    expect(report.spurious.map((c) => `${c.claimant}: ${c.statement}`)).toEqual([]);
  });

  it('names the claimant and the attribution verb of each claim it finds', () => {
    expect(wrongClaimantsOrVerbs(report)).toEqual([]);
  });

  it('yields no claim from the headlines scraped into the page', () => {
    const fromHeadlines = found.filter((c) =>
      metadata.unrelatedLines.some((line) => c.sentence.includes(line) || line.includes(c.sentence)),
    );
    expect(fromHeadlines).toEqual([]);
  });

  it('points each claim at its sentence in the text', () => {
    for (const claim of found)
      expect(article.slice(claim.offset, claim.offset + claim.sentence.length)).toBe(claim.sentence);
  });

  it('resolves back-references to the first full mention', () => {
    const byVerb = (verb: string) => found.filter((c) => c.attributionVerb === verb).map((c) => c.claimant);
    expect(byVerb('confirmed')).toEqual(['a western official']);
    expect(byVerb('alleged')).toEqual(['a western official', 'Reuters', 'Reuters']);
    expect(new Set(found.filter((c) => /embassy/.test(c.claimant)).map((c) => c.claimant))).toEqual(
      new Set(['the Chinese embassy in London']),
    );
  });

  it('keeps the verbatim quote', () => {
    const first = found[0];
    expect(first).toMatchObject({ claimant: 'a western official', attributionVerb: 'told', quote: 'clear evidence' });
    expect(found.find((c) => c.attributionVerb === 'not aware')?.quote).toBe(
      'not aware of the specifics you mentioned',
    );
  });

  it('reports its precision and recall', () => {
    console.info(
      `seed article: precision ${report.precision.toFixed(2)}, recall ${report.recall.toFixed(2)} (${report.matched.length}/${seedFixture.claims.length})`,
    );
    expect(report.recall).toBe((seedFixture.claims.length - KNOWN_MISSES_SEED.length) / seedFixture.claims.length);
  });
});

describe('extractClaims on the archive texts (held out while the rules were written)', () => {
  const expected: ExpectedClaim[] = [];
  const found: ReturnType<typeof extractClaims> = [];
  for (const entry of archiveFixture.articles) {
    const doc = JSON.parse(readFileSync(join(seeds, 'archive', entry.file), 'utf8')) as { body: string };
    expected.push(...entry.claims);
    found.push(...extractClaims(doc.body, { publisher: entry.publisher }));
  }
  const report = matchClaims(expected, found);

  it('finds their claims, except the known misses, and nothing else', () => {
    console.info(
      `archive: precision ${report.precision.toFixed(2)}, recall ${report.recall.toFixed(2)} (${report.matched.length}/${expected.length})`,
    );
    expect(report.missed.map((c) => c.id)).toEqual(KNOWN_MISSES_ARCHIVE);
    expect(report.spurious.map((c) => `${c.claimant}: ${c.statement}`)).toEqual([]);
  });

  it('names the claimants and attribution verbs', () => {
    expect(wrongClaimantsOrVerbs(report)).toEqual([]);
  });
});

describe('extractClaims on wire-copy constructs (abbreviations, titles, appositions)', () => {
  const expected = stressFixture.articles.flatMap((a) => a.claims);
  const found = stressFixture.articles.flatMap((a) => extractClaims(a.text, { publisher: a.publisher }));
  const report = matchClaims(expected, found);

  it('finds every claim and nothing else, with exact claimants and verbs', () => {
    console.info(
      `wire copy: precision ${report.precision.toFixed(2)}, recall ${report.recall.toFixed(2)} (${report.matched.length}/${expected.length})`,
    );
    expect(report.missed.map((c) => c.id)).toEqual([]);
    expect(report.spurious).toEqual([]);
    expect(wrongClaimantsOrVerbs(report)).toEqual([]);
  });
});

/** The lenient match accepts "Peskov" for "Mr. Peskov"; this holds claimants (and verbs) to the letter. */
function wrongClaimantsOrVerbs(report: ReturnType<typeof matchClaims>): string[] {
  return report.matched
    .filter(
      (m) =>
        m.found.claimant.toLowerCase() !== m.expected.claimant.toLowerCase() ||
        m.found.attributionVerb !== m.expected.verb,
    )
    .map((m) => `${m.expected.id}: ${m.found.claimant} / ${m.found.attributionVerb}`);
}
