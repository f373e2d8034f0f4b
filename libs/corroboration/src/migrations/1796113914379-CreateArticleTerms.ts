import { Kysely, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function up(db: Kysely<any>): Promise<void> {
  // Document frequency of every lexeme of the archive, and the archive's size: what makes a
  // claim's word rare or common. Kept by statement triggers on articles, so every path that
  // writes articles (POST /articles, the seed loader, a bulk load) keeps them exact.
  await sql`
    CREATE TABLE article_terms (
      lexeme text PRIMARY KEY,
      articles bigint NOT NULL
    )
  `.execute(db);
  await sql`
    CREATE TABLE article_archive_stats (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      articles bigint NOT NULL
    )
  `.execute(db);
  await sql`INSERT INTO article_archive_stats (articles) SELECT count(*) FROM articles`.execute(db);
  await sql`
    INSERT INTO article_terms (lexeme, articles)
    SELECT lexeme, count(*) FROM articles, unnest(tsvector_to_array(search)) AS lexeme GROUP BY lexeme
  `.execute(db);

  // One function for the three statement triggers (a trigger with transition tables takes one
  // event). The archive count is updated first and the lexemes in sorted order, so concurrent
  // ingests take their row locks in one order and cannot deadlock; they queue on the count row
  // for the trigger and the commit only.
  await sql`
    CREATE FUNCTION article_terms_count() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        UPDATE article_archive_stats SET articles = articles + (SELECT count(*) FROM added);
        INSERT INTO article_terms (lexeme, articles)
        SELECT lexeme, count(*) FROM added, unnest(tsvector_to_array(search)) AS lexeme GROUP BY lexeme ORDER BY lexeme
        ON CONFLICT (lexeme) DO UPDATE SET articles = article_terms.articles + excluded.articles;
      ELSIF TG_OP = 'DELETE' THEN
        UPDATE article_archive_stats SET articles = articles - (SELECT count(*) FROM removed);
        INSERT INTO article_terms (lexeme, articles)
        SELECT lexeme, -count(*) FROM removed, unnest(tsvector_to_array(search)) AS lexeme GROUP BY lexeme ORDER BY lexeme
        ON CONFLICT (lexeme) DO UPDATE SET articles = article_terms.articles + excluded.articles;
      ELSE
        INSERT INTO article_terms (lexeme, articles)
        SELECT lexeme, sum(change) FROM (
          SELECT lexeme, 1 AS change FROM added, unnest(tsvector_to_array(search)) AS lexeme
          UNION ALL
          SELECT lexeme, -1 FROM removed, unnest(tsvector_to_array(search)) AS lexeme
        ) changes
        GROUP BY lexeme HAVING sum(change) <> 0 ORDER BY lexeme
        ON CONFLICT (lexeme) DO UPDATE SET articles = article_terms.articles + excluded.articles;
      END IF;
      RETURN NULL;
    END
    $$
  `.execute(db);
  await sql`
    CREATE TRIGGER article_terms_on_insert AFTER INSERT ON articles
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION article_terms_count()
  `.execute(db);
  await sql`
    CREATE TRIGGER article_terms_on_delete AFTER DELETE ON articles
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION article_terms_count()
  `.execute(db);
  await sql`
    CREATE TRIGGER article_terms_on_update AFTER UPDATE ON articles
    REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION article_terms_count()
  `.execute(db);

  // Trigrams of whole bodies say little about a sentence-long claim (every body holds the
  // common trigrams) and cost a large index to maintain on every ingest: near-verbatim copies
  // are found through their rare lexemes, and word_similarity is computed over the top-k only.
  await sql`DROP INDEX articles_body_trgm_idx`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function down(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX articles_body_trgm_idx ON articles USING gin (body gin_trgm_ops)`.execute(db);
  await sql`DROP TRIGGER article_terms_on_update ON articles`.execute(db);
  await sql`DROP TRIGGER article_terms_on_delete ON articles`.execute(db);
  await sql`DROP TRIGGER article_terms_on_insert ON articles`.execute(db);
  await sql`DROP FUNCTION article_terms_count()`.execute(db);
  await sql`DROP TABLE article_archive_stats`.execute(db);
  await sql`DROP TABLE article_terms`.execute(db);
}
