import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely } from 'kysely';
import { z } from 'zod';
import { AppConfig } from '@claimtrail/config';
import { Database } from '@claimtrail/database';
import { ApiKeyRepository, ApiKeyService, ROLES } from '@claimtrail/auth';
import { PublisherRepository, Publisher } from '@claimtrail/claims';
import { ArticleRepository } from '@claimtrail/corroboration';

/** Where the seed files are: `seeds/` at the repository root (and its copy beside `dist/apps`). */
export const SEEDS_DIR = join(__dirname, '..', '..', '..', 'seeds');

const publishersFile = z.object({
  publishers: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string().min(1),
      domain: z.string().min(1).nullable(),
      ownerGroup: z.string().min(1),
      reliability: z.number().min(0).max(1).nullable(),
    }),
  ),
});
const archiveFile = z.object({
  synthetic: z.literal(true),
  title: z.string().min(1),
  publisher: z.string().min(1),
  url: z.url(),
  publishedAt: z.iso.datetime(),
  body: z.string().min(1),
});
const apiKeysFile = z.object({
  keys: z.array(z.object({ name: z.string().min(1), role: z.enum(ROLES), key: z.string() })),
});

/** What one run of the loader did: rows it created or changed, and rows it found as they should be. */
export interface SeedReport {
  publishers: { created: number; updated: number; unchanged: number };
  articles: { created: number; unchanged: number };
  apiKeys: { created: number; unchanged: number };
}

/** The loader acts as a system actor; keys it stores name it as their creator. */
const SEEDER = { keyId: 'seed', role: 'system' } as const;

/**
 * Loads the demo data: the publishers registry (created, or updated where the file says
 * otherwise), the synthetic archive (ingested once per URL) and the demo API keys (stored
 * hashed, once). Idempotent: a second run changes no row; a key revoked since stays revoked.
 */
export async function loadSeeds(db: Kysely<Database>, config: AppConfig, seedsDir = SEEDS_DIR): Promise<SeedReport> {
  const report: SeedReport = {
    publishers: { created: 0, updated: 0, unchanged: 0 },
    articles: { created: 0, unchanged: 0 },
    apiKeys: { created: 0, unchanged: 0 },
  };

  const publishers = new PublisherRepository(db);
  for (const wanted of readJson(join(seedsDir, 'publishers.json'), publishersFile).publishers) {
    const stored = await publishers.findById(wanted.id);
    if (stored && samePublisher(stored, wanted)) {
      report.publishers.unchanged++;
      continue;
    }
    await publishers.upsert(wanted);
    report.publishers[stored ? 'updated' : 'created']++;
  }

  const articles = new ArticleRepository(db);
  const archiveDir = join(seedsDir, 'archive');
  for (const file of readdirSync(archiveDir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const article = readJson(join(archiveDir, file), archiveFile);
    const { created } = await articles.ingest({ ...article, publishedAt: new Date(article.publishedAt) });
    report.articles[created ? 'created' : 'unchanged']++;
  }

  const keys = new ApiKeyService(new ApiKeyRepository(db), config);
  for (const key of readJson(join(seedsDir, 'api-keys.json'), apiKeysFile).keys) {
    report.apiKeys[(await keys.importKey(key, SEEDER)) ? 'created' : 'unchanged']++;
  }
  return report;
}

function samePublisher(a: Publisher, b: Publisher): boolean {
  return a.name === b.name && a.domain === b.domain && a.ownerGroup === b.ownerGroup && a.reliability === b.reliability;
}

function readJson<T>(path: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success)
    throw new Error(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
