import { Kysely, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  // One text-search configuration per language code, IMMUTABLE so the generated column can use it.
  await sql`
    CREATE FUNCTION article_search_config(language text) RETURNS regconfig
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE lower(language)
        WHEN 'en' THEN 'english' WHEN 'fr' THEN 'french' WHEN 'de' THEN 'german'
        WHEN 'es' THEN 'spanish' WHEN 'it' THEN 'italian' WHEN 'pt' THEN 'portuguese'
        WHEN 'nl' THEN 'dutch' WHEN 'ru' THEN 'russian'
        ELSE 'simple' END::regconfig
    $$
  `.execute(db);
  await sql`
    CREATE TABLE articles (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      url text NOT NULL UNIQUE,
      title text NOT NULL,
      publisher text NOT NULL,
      published_at timestamptz,
      body text NOT NULL,
      language text NOT NULL DEFAULT 'en',
      ingested_at timestamptz NOT NULL DEFAULT now(),
      search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector(article_search_config(language), title), 'A') ||
        setweight(to_tsvector(article_search_config(language), body), 'B')
      ) STORED
    )
  `.execute(db);
  await sql`CREATE INDEX articles_search_idx ON articles USING gin (search)`.execute(db);
  // word_similarity (<%) of a claim against bodies: near-verbatim copies of the claim.
  await sql`CREATE INDEX articles_body_trgm_idx ON articles USING gin (body gin_trgm_ops)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE articles`.execute(db);
  await sql`DROP FUNCTION article_search_config(text)`.execute(db);
}
