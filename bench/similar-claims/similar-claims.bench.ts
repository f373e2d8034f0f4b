import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { createKysely } from '@claimtrail/database';
import { scoreClaimPair } from '@claimtrail/projections';
import { StanceModel } from '@claimtrail/stance';
import { migrate } from '@claimtrail/schema';
import { createBenchDatabase } from '../support/bench-database';

interface Pair {
  same: boolean;
  a: string;
  b: string;
  source: string;
  note: string;
}

/**
 * Precision and recall of the similar-claims matcher (pg_trgm similarity and English
 * lexeme overlap, the projection's own SQL) on hand-labelled pairs of real claims
 * (bench/similar-claims/pairs.json), at the configured threshold and a few others.
 * Prints JSON. `npm run bench:similar-claims`.
 */
async function main(): Promise<void> {
  const source = join(__dirname, 'pairs.json');
  const file = source.includes('/dist/') ? source.replace('/dist/', '/') : source;
  const { pairs } = JSON.parse(readFileSync(file, 'utf8')) as { pairs: Pair[] };
  const database = await createBenchDatabase('similar');
  const db = createKysely({ url: database.url, poolSize: 1, applicationName: 'claimtrail-bench-similar' });
  try {
    await migrate(db);
    const scored: (Pair & { score: number; trigram: number; terms: number })[] = [];
    for (const pair of pairs) scored.push({ ...pair, ...(await scoreClaimPair(db, pair.a, pair.b)) });
    const at = (threshold: number) => {
      const tp = scored.filter((p) => p.same && p.score >= threshold).length;
      const fp = scored.filter((p) => !p.same && p.score >= threshold).length;
      const fn = scored.filter((p) => p.same && p.score < threshold).length;
      const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
      const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
      return { threshold, tp, fp, fn, precision: round(precision), recall: round(recall) };
    };
    // Reference in the same run: the relatedness model of @claimtrail/stance (FNC-1: related = 1 − p(unrelated)),
    // alone and combined with the lexical score, to see whether it would add recall without losing precision.
    const model = StanceModel.load();
    const related = scored.map((p) => ({ ...p, related: round(1 - model.predict(p.a, p.b).probabilities.unrelated) }));
    const prf = (pick: (p: (typeof related)[number]) => boolean) => {
      const tp = related.filter((p) => p.same && pick(p)).length;
      const fp = related.filter((p) => !p.same && pick(p)).length;
      const fn = related.filter((p) => p.same && !pick(p)).length;
      return { tp, fp, fn, precision: round(tp + fp === 0 ? 1 : tp / (tp + fp)), recall: round(tp / (tp + fn)) };
    };
    const threshold = Number(process.env.SIMILAR_CLAIMS_MIN_SCORE ?? 0.6);
    const relatednessModel = {
      model: model.modelVersion,
      alone: [0.5, 0.7, 0.9].map((t) => ({ threshold: t, ...prf((p) => p.related >= t) })),
      lexicalOrModel: [0.7, 0.9].map((t) => ({
        modelThreshold: t,
        ...prf((p) => p.score >= threshold || p.related >= t),
      })),
      lexicalAndModelBelow: [0.4, 0.5].map((t) => ({
        lexicalFloor: t,
        ...prf((p) => p.score >= threshold || (p.score >= t && p.related >= 0.7)),
      })),
    };
    const result = {
      benchmark: 'similar-claims',
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model },
      pairs: {
        total: pairs.length,
        same: pairs.filter((p) => p.same).length,
        different: pairs.filter((p) => !p.same).length,
      },
      configured: at(Number(process.env.SIMILAR_CLAIMS_MIN_SCORE ?? 0.6)),
      relatednessModel,
      sweep: [0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7].map(at),
      errors: scored
        .filter((p) => p.same !== p.score >= Number(process.env.SIMILAR_CLAIMS_MIN_SCORE ?? 0.6))
        .map((p) => ({ same: p.same, score: p.score, trigram: p.trigram, terms: p.terms, a: p.a, b: p.b })),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await db.destroy();
    await database.drop();
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;

void main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
