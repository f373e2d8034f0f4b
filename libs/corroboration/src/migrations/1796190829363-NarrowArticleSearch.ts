import { Kysely, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function up(db: Kysely<any>): Promise<void> {
  // The search visits one heap row per matched posting (a GIN index has no index-only scans). In
  // `articles` that row carries the compressed body (851 MB at 1M articles, beyond shared_buffers);
  // here it is an id and the tsvector, kept by triggers on `articles` so every ingest path (POST
  // /articles, the seed loader, a bulk load) writes both in its own transaction.
  await sql`
    CREATE TABLE article_search (
      id uuid PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
      search tsvector NOT NULL
    )
  `.execute(db);
  // Out of line and uncompressed whenever a row is over the toast threshold: the index scan never reads
  // the tsvector (no recheck for plain lexemes and ANDs), so it should not fill the heap pages it visits.
  await sql`ALTER TABLE article_search ALTER COLUMN search SET STORAGE EXTERNAL`.execute(db);
  await sql`INSERT INTO article_search (id, search) SELECT id, search FROM articles`.execute(db);
  await sql`CREATE INDEX article_search_idx ON article_search USING gin (search)`.execute(db);

  await sql`
    CREATE FUNCTION article_search_vector(language text, title text, body text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT setweight(to_tsvector(article_search_config(language), title), 'A') ||
        setweight(to_tsvector(article_search_config(language), body), 'B')
    $$
  `.execute(db);
  await sql`
    CREATE FUNCTION article_search_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO article_search (id, search)
        SELECT id, article_search_vector(language, title, body) FROM added ORDER BY id;
      ELSE
        UPDATE article_search s SET search = article_search_vector(a.language, a.title, a.body)
        FROM added a WHERE s.id = a.id;
      END IF;
      RETURN NULL;
    END
    $$
  `.execute(db);
  await sql`
    CREATE TRIGGER article_search_on_insert AFTER INSERT ON articles
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION article_search_write()
  `.execute(db);
  await sql`
    CREATE TRIGGER article_search_on_update AFTER UPDATE ON articles
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION article_search_write()
  `.execute(db);

  // The term statistics follow the search table (same function: its transition tables have `search`).
  for (const event of ['insert', 'delete', 'update']) {
    await sql`DROP TRIGGER ${sql.raw(`article_terms_on_${event}`)} ON articles`.execute(db);
  }
  await sql`
    CREATE TRIGGER article_terms_on_insert AFTER INSERT ON article_search
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION article_terms_count()
  `.execute(db);
  await sql`
    CREATE TRIGGER article_terms_on_delete AFTER DELETE ON article_search
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION article_terms_count()
  `.execute(db);
  await sql`
    CREATE TRIGGER article_terms_on_update AFTER UPDATE ON article_search
    REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION article_terms_count()
  `.execute(db);
  await sql`ALTER TABLE articles DROP COLUMN search`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector(article_search_config(language), title), 'A') ||
      setweight(to_tsvector(article_search_config(language), body), 'B')
    ) STORED
  `.execute(db);
  await sql`CREATE INDEX articles_search_idx ON articles USING gin (search)`.execute(db);
  for (const event of ['insert', 'delete', 'update']) {
    await sql`DROP TRIGGER ${sql.raw(`article_terms_on_${event}`)} ON article_search`.execute(db);
  }
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
  await sql`DROP TRIGGER article_search_on_update ON articles`.execute(db);
  await sql`DROP TRIGGER article_search_on_insert ON articles`.execute(db);
  await sql`DROP TABLE article_search`.execute(db);
  await sql`DROP FUNCTION article_search_write()`.execute(db);
  await sql`DROP FUNCTION article_search_vector(text, text, text)`.execute(db);
}
