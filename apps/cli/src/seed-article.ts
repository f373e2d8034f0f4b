import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SEEDS_DIR } from './load-seeds';

const metadataFile = z.object({
  title: z.string().min(1),
  publisher: z.string().min(1),
  url: z.url(),
  publishedAt: z.iso.datetime(),
  bodyFile: z.string().min(1),
});

/** The body of `POST /articles` for the seed story (seeds/articles), claims extraction on. */
export interface SeedArticleRequest {
  title: string;
  publisher: string;
  url: string;
  publishedAt: string;
  body: string;
  language: 'en';
  extractClaims: true;
}

/** Reads the seed story: its metadata file and the verbatim text it names. */
export function seedArticle(seedsDir = SEEDS_DIR): SeedArticleRequest {
  const dir = join(seedsDir, 'articles');
  const { bodyFile, ...metadata } = metadataFile.parse(
    JSON.parse(readFileSync(join(dir, 'sky-news-china-drones.json'), 'utf8')),
  );
  return { ...metadata, body: readFileSync(join(dir, bodyFile), 'utf8'), language: 'en', extractClaims: true };
}

/** The body of `POST /articles` for the later article of seeds/later (archived only, no claims extracted). */
export interface LaterArticleRequest {
  title: string;
  publisher: string;
  url: string;
  publishedAt: string;
  body: string;
  language: 'en';
  extractClaims: false;
}

const laterFile = z.object({
  title: z.string().min(1),
  publisher: z.string().min(1),
  url: z.url(),
  publishedAt: z.iso.datetime(),
  body: z.string().min(1),
});

/** Reads the later article the demo posts after the story (seeds/later): it re-checks an open claim. */
export function laterArticle(seedsDir = SEEDS_DIR): LaterArticleRequest {
  const file = join(seedsDir, 'later', 'baltic-defence-review-drone-supplies.json');
  return { ...laterFile.parse(JSON.parse(readFileSync(file, 'utf8'))), language: 'en', extractClaims: false };
}
