import { Kysely, sql } from 'kysely';
import type { Database } from '@claimtrail/database';
import { round } from '../support/stats';
import type { ArchiveCorpus } from './archive-corpus';

const BATCH = 1000;
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

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
export async function loadArchive(
  db: Kysely<Database>,
  corpus: ArchiveCorpus,
  from: number,
  to: number,
  bulk: boolean,
) {
  const started = process.hrtime.bigint();
  if (bulk) {
    await sql`DROP INDEX article_search_idx`.execute(db);
    await sql`ALTER TABLE article_search DISABLE TRIGGER article_terms_on_insert`.execute(db);
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
      await sql`CREATE INDEX article_search_idx ON article_search USING gin (search)`.execute(connection);
    });
    indexSeconds = seconds(indexStarted);
    const statisticsStarted = process.hrtime.bigint();
    await db.transaction().execute(async (trx) => {
      await sql`DELETE FROM article_terms`.execute(trx);
      await sql`INSERT INTO article_terms (lexeme, articles)
                SELECT word, ndoc FROM ts_stat('SELECT search FROM article_search')`.execute(trx);
      await sql`UPDATE article_archive_stats SET articles = (SELECT count(*) FROM articles)`.execute(trx);
    });
    await sql`ALTER TABLE article_search ENABLE TRIGGER article_terms_on_insert`.execute(db);
    statisticsSeconds = seconds(statisticsStarted);
  }
  const vacuumStarted = process.hrtime.bigint();
  await sql`VACUUM ANALYZE articles`.execute(db);
  await sql`VACUUM ANALYZE article_search`.execute(db);
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
