/**
 * Scores the claim extractor against the hand-annotated development set in
 * test/fixtures/extraction (see its README for the guidelines and the matching rule).
 * Prints a table per article and for dev and held-out separately, then one JSON line.
 *
 *   npm run eval:extraction              (add --details to list misses and spurious claims)
 *   npm run eval:extraction -- --heldout (also score the held-out articles: only for the final measurement)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractClaims } from '@claimtrail/claim-extraction';
import { round } from '../support/stats';
import { ArticleScore, GoldClaim, scoreArticle, totals, Totals } from './score-extraction';

interface Fixture {
  id: string;
  outlet: string;
  title: string | null;
  split: 'dev' | 'heldout';
  gold: GoldClaim[];
}

const dir = join(process.cwd(), 'test', 'fixtures', 'extraction', 'articles');
const details = process.argv.includes('--details');
const splits = process.argv.includes('--heldout') ? (['dev', 'heldout'] as const) : (['dev'] as const);

const rows = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Fixture)
  .filter((fixture) => (splits as readonly string[]).includes(fixture.split))
  .map((fixture) => {
    const file = `${fixture.id}.json`;
    const body = readFileSync(join(dir, file.replace(/\.json$/, '.txt')), 'utf8');
    const found = extractClaims(body, { publisher: fixture.outlet, title: fixture.title ?? undefined });
    return { fixture, score: scoreArticle(fixture.gold, found, fixture.outlet) };
  });

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
const line = (name: string, t: Totals) =>
  `${name.padEnd(34)} ${String(t.gold).padStart(4)} ${String(t.extracted).padStart(4)} ` +
  `${String(t.matched).padStart(4)}  ${pct(t.precision)} ${pct(t.recall)} ${pct(t.claimantAccuracy)} ` +
  `${pct(t.kindAccuracy)} ${pct(t.checkableAccuracy)}`;

console.log(`${'article'.padEnd(34)} gold extr  hit  precis recall claimnt   kind checkbl`);
for (const split of splits) {
  const part = rows.filter((r) => r.fixture.split === split);
  for (const { fixture, score } of part) {
    console.log(line(fixture.id, totals([score])));
    if (details) printDetails(score);
  }
  console.log(line(`== ${split} (${part.length} articles)`, totals(part.map((r) => r.score))));
  console.log('');
}

const summary = (split: string) => {
  const t = totals(rows.filter((r) => r.fixture.split === split).map((r) => r.score));
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, round(v, 3)]));
};
console.log(
  JSON.stringify({ date: new Date().toISOString(), ...Object.fromEntries(splits.map((s) => [s, summary(s)])) }),
);

function printDetails(score: ArticleScore): void {
  for (const m of score.missed) console.log(`    MISSED   [${m.claimant} / ${m.verb}] ${m.statement}`);
  for (const s of score.spurious) console.log(`    SPURIOUS [${s.claimant} / ${s.attributionVerb}] ${s.statement}`);
  for (const m of score.matched.filter((x) => !x.claimantOk || !x.kindOk)) {
    console.log(
      `    WRONG    [${m.found.claimant} / ${m.found.attribution.kind}] for [${m.gold.claimant} / ${m.gold.kind}] ` +
        `${m.gold.statement}`,
    );
  }
}
