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
 */
import { Kysely, sql } from 'kysely';
import { cpus, loadavg, totalmem } from 'node:os';
import { ArticleRepository } from '@claimtrail/corroboration';
import { createKysely, Database } from '@claimtrail/database';
import { migrate } from '@claimtrail/schema';
import { createBenchDatabase } from '../support/bench-database';
import { percentile, round } from '../support/stats';
import { ArchiveCorpus } from './archive-corpus';

const SIZES = (process.env.BENCH_ARCHIVE_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const CLAIMS = Number(process.env.BENCH_ARCHIVE_CLAIMS ?? 300);
const CANDIDATES = Number(process.env.ARCHIVE_CANDIDATES ?? 50);
const REFERENCE_CLAIMS = 10;
const REFERENCE_MAX_SIZE = Number(process.env.BENCH_REFERENCE_MAX_SIZE ?? 100_000);
const BATCH = 1000;
const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
const ms = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e6;

async function insertBatch(db: Kysely<Database>, corpus: ArchiveCorpus, from: number, to: number): Promise<number> {
  const rows = Array.from({ length: to - from }, (_, i) => corpus.article(from + i));
  await sql`
    INSERT INTO articles (url, title, publisher, body)
    SELECT * FROM unnest(${rows.map((r) => r.url)}::text[], ${rows.map((r) => r.title)}::text[],
      ${rows.map((r) => r.publisher)}::text[], ${rows.map((r) => r.body)}::text[])
  `.execute(db);
  return rows.reduce((n, r) => n + r.body.length, 0);
}

/** Loads articles [from, to) with two connections at once; in bulk, without the index and triggers. */
async function load(db: Kysely<Database>, corpus: ArchiveCorpus, from: number, to: number, bulk: boolean) {
  const started = process.hrtime.bigint();
  if (bulk) {
    await sql`DROP INDEX articles_search_idx`.execute(db);
    await sql`ALTER TABLE articles DISABLE TRIGGER article_terms_on_insert`.execute(db);
  }
  let next = from;
  let characters = 0;
  await Promise.all(
    [0, 1].map(async () => {
      while (next < to) {
        const start = next;
        next = Math.min(to, next + BATCH);
        const written = await insertBatch(db, corpus, start, next);
        characters += written;
      }
    }),
  );
  const insertSeconds = seconds(started);
  let indexSeconds = 0;
  let statisticsSeconds = 0;
  if (bulk) {
    const indexStarted = process.hrtime.bigint();
    await db.connection().execute(async (connection) => {
      await sql`SET maintenance_work_mem = '1GB'`.execute(connection);
      await sql`CREATE INDEX articles_search_idx ON articles USING gin (search)`.execute(connection);
    });
    indexSeconds = seconds(indexStarted);
    const statisticsStarted = process.hrtime.bigint();
    await db.transaction().execute(async (trx) => {
      await sql`DELETE FROM article_terms`.execute(trx);
      await sql`INSERT INTO article_terms (lexeme, articles) SELECT word, ndoc FROM ts_stat('SELECT search FROM articles')`.execute(
        trx,
      );
      await sql`UPDATE article_archive_stats SET articles = (SELECT count(*) FROM articles)`.execute(trx);
    });
    await sql`ALTER TABLE articles ENABLE TRIGGER article_terms_on_insert`.execute(db);
    statisticsSeconds = seconds(statisticsStarted);
  }
  const vacuumStarted = process.hrtime.bigint();
  await sql`VACUUM ANALYZE articles`.execute(db);
  await sql`VACUUM ANALYZE article_terms`.execute(db);
  return {
    articles: to - from,
    meanCharacters: Math.round(characters / (to - from)),
    mode: bulk ? 'bulk (index and statistics built after)' : 'through the statistics triggers and the live index',
    insertSeconds: round(insertSeconds, 1),
    articlesPerSecond: Math.round((to - from) / insertSeconds),
    indexSeconds: round(indexSeconds, 1),
    statisticsSeconds: round(statisticsSeconds, 1),
    vacuumSeconds: round(seconds(vacuumStarted), 1),
  };
}

type ClaimKind = 'verbatim' | 'paraphrase' | 'unseen';
interface BenchClaim {
  kind: ClaimKind;
  text: string;
  sourceUrl?: string;
}

/** Claims drawn from the `size` loaded articles: a sentence as written, a paraphrase of one, or about nothing there. */
function claims(corpus: ArchiveCorpus, size: number): BenchClaim[] {
  return Array.from({ length: CLAIMS }, (_, i) => {
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

async function measure(repository: ArticleRepository, all: BenchClaim[]) {
  for (const claim of all.slice(0, 20))
    await repository.search({ text: claim.text, language: 'en', limit: CANDIDATES }); // warm-up
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

/** The query this design replaced (without its trigram index, dropped with it): an OR of every lexeme, ranked over all matches. */
async function reference(db: Kysely<Database>, all: BenchClaim[]) {
  const latencies: number[] = [];
  for (const claim of all.filter((c) => c.kind !== 'unseen').slice(0, REFERENCE_CLAIMS)) {
    const query = sql`replace(plainto_tsquery('english', ${claim.text})::text, '&', '|')::tsquery`;
    const started = process.hrtime.bigint();
    await sql`
      SELECT id, url, title, publisher, body, ts_rank_cd(search, ${query}, 32) AS rank FROM articles
      WHERE search @@ ${query} ORDER BY rank DESC, id LIMIT ${CANDIDATES}
    `.execute(db);
    latencies.push(ms(started));
  }
  latencies.sort((a, b) => a - b);
  return { claims: latencies.length, p50: round(percentile(latencies, 50), 1), max: round(latencies.at(-1) ?? 0, 1) };
}

async function sizes(db: Kysely<Database>) {
  const row = await sql<{ n: string; bytes: string; index: string; terms: string }>`
    SELECT (SELECT count(*) FROM articles) AS n, pg_total_relation_size('articles') AS bytes,
      pg_relation_size('articles_search_idx') AS index, pg_total_relation_size('article_terms') AS terms
  `.execute(db);
  const r = row.rows[0];
  const mib = (b: string) => round(Number(b) / 2 ** 20);
  return { articles: Number(r.n), tableMiB: mib(r.bytes), ginIndexMiB: mib(r.index), termStatisticsMiB: mib(r.terms) };
}

async function main(): Promise<void> {
  const kept = process.env.BENCH_ARCHIVE_DATABASE;
  const database = kept
    ? {
        name: kept,
        url: Object.assign(new URL(ADMIN_URL), { pathname: `/${kept}` }).toString(),
        drop: async () => undefined,
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
      const loading = loaded < size ? await load(db, corpus, loaded, size, step > 0 && size - loaded >= 50_000) : null;
      const all = claims(corpus, size);
      const result = {
        date: new Date().toISOString(),
        loadAverage: loadavg().map((l) => round(l, 2)),
        size: await sizes(db),
        loading,
        candidates: CANDIDATES,
        ...(await measure(repository, all)),
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
