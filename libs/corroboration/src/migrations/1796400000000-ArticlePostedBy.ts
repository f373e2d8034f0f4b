import { Kysely, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function up(db: Kysely<any>): Promise<void> {
  // Who posted an article through the API ({keyId, role}); null for the seed loader and bulk loads. Evidence a
  // worker reads from it carries the poster, so one reporter's planted articles count as their word, not as
  // independent sources.
  await sql`
    ALTER TABLE articles ADD COLUMN posted_by jsonb
      CONSTRAINT articles_posted_by_shape CHECK (
        posted_by IS NULL OR (jsonb_typeof(posted_by->'keyId') = 'string' AND jsonb_typeof(posted_by->'role') = 'string')
      )
  `.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are untyped by design
export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE articles DROP COLUMN posted_by`.execute(db);
}
