/**
 * Archive retrieval benchmark: one claim's candidate search (`ArticleRepository.search`, top
 * ARCHIVE_CANDIDATES) over generated archives of growing size (BENCH_ARCHIVE_SIZES, default
 * 10k, 100k and 1M articles of 1.5–5k characters; see archive-corpus.ts). At each size: p50/p99
 * of claims drawn from archive articles (verbatim sentences and paraphrases) and of claims about
 * nothing in the archive, and the recall of each drawn claim's source article in the top-k.
 * Reference in the same run: the previous query (an OR of all the claim's lexemes ranked by
 * ts_rank_cd over every match) on a few claims at each size up to BENCH_REFERENCE_MAX_SIZE.
 * Loading: the first size goes through the article statistics triggers; the later, larger
 * steps are bulk loads (index and triggers off, then the GIN index built and the statistics
 * recounted in one pass, as the migration does). Prints one JSON line per size, then a summary.
 *
 *   npm run bench:archive
 *   BENCH_ARCHIVE_SIZES=10000,100000 BENCH_KEEP_DATABASE=1 npm run bench:archive
 *   BENCH_ARCHIVE_DATABASE=<kept database> npm run bench:archive   (measure again, loading only what is missing)
 *   BENCH_ARCHIVE_EXPLAIN=1 ...   (also EXPLAIN (ANALYZE, BUFFERS) every claim's search: blocks per search, server time)
 *   BENCH_DATABASE_ADMIN_URL=postgres://postgres@127.0.0.1:5499/postgres ...   (on a private cluster)
 */
import { Kysely, sql } from 'kysely';
import { cpus, loadavg, totalmem } from 'node:os';
import { ArticleRepository } from '@claimtrail/corroboration';
import { createKysely, Database } from '@claimtrail/database';
import { migrate } from '@claimtrail/schema';
import { createBenchDatabase } from '../support/bench-database';
import { percentile, round } from '../support/stats';
import { ArchiveCorpus } from './archive-corpus';
import { explainSearches } from './archive-explain';
import { loadArchive } from './archive-loader';

const SIZES = (process.env.BENCH_ARCHIVE_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const CLAIMS = Number(process.env.BENCH_ARCHIVE_CLAIMS ?? 300);
/**
 * Searches run before the measured ones, with claims of their own (other articles, other unseen sentences): every
 * pooled connection then runs warm, as a worker's long-lived pool does. A fresh backend first touches each shared
 * buffer page it reads (a page fault per 4 KiB without huge pages), which at 1M articles costs more than the search.
 */
const WARMUP = Number(process.env.BENCH_ARCHIVE_WARMUP ?? 300);
const CANDIDATES = Number(process.env.ARCHIVE_CANDIDATES ?? 50);
const REFERENCE_CLAIMS = 10;
const EXPLAIN = process.env.BENCH_ARCHIVE_EXPLAIN === '1';
const REFERENCE_MAX_SIZE = Number(process.env.BENCH_REFERENCE_MAX_SIZE ?? 100_000);
const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const ms = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e6;

type ClaimKind = 'verbatim' | 'paraphrase' | 'unseen';
interface BenchClaim {
  kind: ClaimKind;
  text: string;
  sourceUrl?: string;
}

/** Claims drawn from the `size` loaded articles: a sentence as written, a paraphrase of one, or about nothing there. */
function claims(corpus: ArchiveCorpus, size: number, count = CLAIMS, first = 0): BenchClaim[] {
  return Array.from({ length: count }, (_, k) => {
    const i = first + k;
    const kind: ClaimKind = (['verbatim', 'paraphrase', 'unseen'] as const)[i % 3];
    if (kind === 'unseen') return { kind, text: corpus.unseenSentence(size + i) };
    const source = Math.floor(((i + 1) * 2_654_435_761) % size);
    const sentences = corpus.sentencesOf(source).filter((s) => s.split(' ').length >= 10);
    const sentence = sentences[i % sentences.length] ?? corpus.sentencesOf(source)[0];
    return {
      kind,
      text: kind === 'verbatim' ? sentence : corpus.paraphrase(sentence, i),
      sourceUrl: corpus.article(source).url,
    };
  });
}

async function measure(repository: ArticleRepository, all: BenchClaim[], warmup: BenchClaim[]) {
  for (const claim of warmup) await repository.search({ text: claim.text, language: 'en', limit: CANDIDATES });
  const latencies: Record<ClaimKind, number[]> = { verbatim: [], paraphrase: [], unseen: [] };
  const recall: Record<string, { at1: number; at10: number; atK: number; claims: number }> = {};
  let candidates = 0;
  for (const claim of all) {
    const started = process.hrtime.bigint();
    const rows = await repository.search({ text: claim.text, language: 'en', limit: CANDIDATES });
    latencies[claim.kind].push(ms(started));
    candidates += rows.length;
    if (!claim.sourceUrl) continue;
    const rank = rows.findIndex((r) => r.url === claim.sourceUrl);
    const r = (recall[claim.kind] ??= { at1: 0, at10: 0, atK: 0, claims: 0 });
    r.claims++;
    if (rank === 0) r.at1++;
    if (rank >= 0 && rank < 10) r.at10++;
    if (rank >= 0) r.atK++;
  }
  const every = Object.values(latencies)
    .flat()
    .sort((a, b) => a - b);
  const summary = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return {
      claims: sorted.length,
      p50: round(percentile(sorted, 50), 2),
      p99: round(percentile(sorted, 99), 2),
      max: round(sorted.at(-1) ?? 0, 2),
    };
  };
  return {
    latencyMs: {
      all: summary(every),
      verbatim: summary(latencies.verbatim),
      paraphrase: summary(latencies.paraphrase),
      unseen: summary(latencies.unseen),
    },
    recall: Object.fromEntries(
      Object.entries(recall).map(([kind, r]) => [
        kind,
        {
          at1: round(r.at1 / r.claims, 3),
          at10: round(r.at10 / r.claims, 3),
          [`at${CANDIDATES}`]: round(r.atK / r.claims, 3),
        },
      ]),
    ),
    meanCandidates: round(candidates / all.length, 1),
  };
}

/**
 * The query this design replaced (without its trigram index, dropped with it): an OR of every lexeme, ranked over all
 * matches.
 */
async function reference(db: Kysely<Database>, all: BenchClaim[]) {
  const latencies: number[] = [];
  for (const claim of all.filter((c) => c.kind !== 'unseen').slice(0, REFERENCE_CLAIMS)) {
    const query = sql`replace(plainto_tsquery('english', ${claim.text})::text, '&', '|')::tsquery`;
    const started = process.hrtime.bigint();
    await sql`
      SELECT id, url, title, publisher, body, ts_rank_cd(search, ${query}, 32) AS rank
      FROM article_search JOIN articles USING (id)
      WHERE search @@ ${query} ORDER BY rank DESC, id LIMIT ${CANDIDATES}
    `.execute(db);
    latencies.push(ms(started));
  }
  latencies.sort((a, b) => a - b);
  return { claims: latencies.length, p50: round(percentile(latencies, 50), 1), max: round(latencies.at(-1) ?? 0, 1) };
}

async function sizes(db: Kysely<Database>) {
  const row = await sql<{ n: string; bytes: string; searchHeap: string; index: string; terms: string }>`
    SELECT (SELECT count(*) FROM articles) AS n, pg_total_relation_size('articles') AS bytes,
      pg_relation_size('article_search') AS "searchHeap", pg_relation_size('article_search_idx') AS index,
      pg_total_relation_size('article_terms') AS terms
  `.execute(db);
  const r = row.rows[0];
  const mib = (b: string) => round(Number(b) / 2 ** 20);
  return {
    articles: Number(r.n),
    tableMiB: mib(r.bytes),
    searchHeapMiB: mib(r.searchHeap),
    ginIndexMiB: mib(r.index),
    termStatisticsMiB: mib(r.terms),
  };
}

async function main(): Promise<void> {
  const kept = process.env.BENCH_ARCHIVE_DATABASE;
  const database = kept
    ? {
        name: kept,
        url: Object.assign(new URL(ADMIN_URL), { pathname: `/${kept}` }).toString(),
        drop: () => Promise.resolve(),
      }
    : await createBenchDatabase('archive');
  const db = createKysely({ url: database.url, poolSize: 4, applicationName: 'claimtrail-bench-archive' });
  const corpus = new ArchiveCorpus();
  const repository = new ArticleRepository(db);
  const results: unknown[] = [];
  try {
    await migrate(db);
    console.error(`database ${database.name}`);
    for (const [step, size] of SIZES.entries()) {
      const loaded = (await sizes(db)).articles;
      const loading =
        loaded < size ? await loadArchive(db, corpus, loaded, size, step > 0 && size - loaded >= 50_000) : null;
      const all = claims(corpus, size);
      const texts = all.map((c) => c.text);
      const result = {
        date: new Date().toISOString(),
        loadAverage: loadavg().map((l) => round(l, 2)),
        size: await sizes(db),
        loading,
        candidates: CANDIDATES,
        warmupSearches: WARMUP,
        ...(await measure(repository, all, claims(corpus, size, WARMUP, 1_000_000 + CLAIMS))),
        explain: EXPLAIN ? await explainSearches(db, repository, texts, CANDIDATES) : undefined,
        reference:
          size <= REFERENCE_MAX_SIZE ? await reference(db, all) : 'skipped (slower than minutes per run at this size)',
      };
      results.push(result);
      console.log(JSON.stringify(result));
    }
    console.log(
      JSON.stringify(
        {
          machine: {
            cpu: cpus()[0]?.model,
            cores: cpus().length,
            memoryGiB: round(totalmem() / 2 ** 30),
            node: process.version,
          },
          database: database.name,
          results,
        },
        null,
        2,
      ),
    );
  } finally {
    await db.destroy();
    if (!process.env.BENCH_KEEP_DATABASE) await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
