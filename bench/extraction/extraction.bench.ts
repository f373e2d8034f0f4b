/**
 * Claim-extraction throughput: words/s and per-article latency (p50, p99, max) over real-length
 * articles: the hand-annotated development set (test/fixtures/extraction), the seed story and the
 * seed archive. Reference in the same run: compromise's tokenizer alone over the same texts (the
 * floor any extraction built on it pays). Prints JSON.
 *
 *   npm run bench:extraction          (BENCH_ROUNDS=5 by default: each article extracted that many times, warm)
 */
import nlp from 'compromise';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { extractClaims } from '@claimtrail/claim-extraction';
import { percentile, round } from '../support/stats';

interface Article {
  name: string;
  body: string;
  publisher: string;
  title?: string;
}

const root = process.cwd();
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

function corpus(): Article[] {
  const dev = join(root, 'test', 'fixtures', 'extraction', 'articles');
  const fixtures = readdirSync(dev)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const meta = JSON.parse(readFileSync(join(dev, f), 'utf8')) as {
        id: string;
        outlet: string;
        title: string | null;
      };
      return {
        name: meta.id,
        body: readFileSync(join(dev, `${meta.id}.txt`), 'utf8'),
        publisher: meta.outlet,
        title: meta.title ?? undefined,
      };
    });
  const archive = join(root, 'seeds', 'archive');
  const archived = readdirSync(archive)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const doc = JSON.parse(readFileSync(join(archive, f), 'utf8')) as {
        body: string;
        publisher?: string;
        title?: string;
      };
      return { name: `archive/${f}`, body: doc.body, publisher: doc.publisher ?? 'archive', title: doc.title };
    });
  const seed = {
    name: 'seed/sky-news-china-drones',
    body: readFileSync(join(root, 'seeds', 'articles', 'sky-news-china-drones.txt'), 'utf8'),
    publisher: 'Sky News',
  };
  return [...fixtures, seed, ...archived];
}

const wordsIn = (text: string) => text.split(/\s+/).filter(Boolean).length;

function measure(articles: Article[], run: (a: Article) => unknown): { msPerArticle: number[]; totalMs: number } {
  for (const a of articles) run(a); // warm-up: compromise's lexicon, the JIT
  const msPerArticle: number[] = [];
  const started = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const a of articles) {
      const t0 = performance.now();
      run(a);
      msPerArticle.push(performance.now() - t0);
    }
  }
  return { msPerArticle, totalMs: performance.now() - started };
}

function summary(articles: Article[], result: { msPerArticle: number[]; totalMs: number }) {
  const words = articles.reduce((n, a) => n + wordsIn(a.body), 0) * rounds;
  const sorted = [...result.msPerArticle].sort((a, b) => a - b);
  return {
    wordsPerSecond: Math.round(words / (result.totalMs / 1000)),
    p50Ms: round(percentile(sorted, 50), 1),
    p99Ms: round(percentile(sorted, 99), 1),
    maxMs: round(sorted.at(-1) ?? 0, 1),
  };
}

const articles = corpus();
const words = articles.map((a) => wordsIn(a.body)).sort((a, b) => a - b);
let claims = 0;
const extraction = measure(articles, (a) => {
  claims = extractClaims(a.body, { publisher: a.publisher, title: a.title }).length;
});
const tokenizer = measure(articles, (a) => nlp.tokenize(a.body).length);

console.log(
  JSON.stringify({
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg1m: round(loadavg()[0], 2), node: process.version },
    corpus: {
      articles: articles.length,
      rounds,
      words: words.reduce((n, w) => n + w, 0),
      medianWords: words[Math.floor(words.length / 2)],
      maxWords: words.at(-1),
    },
    extraction: summary(articles, extraction),
    reference: { name: 'compromise tokenize only', ...summary(articles, tokenizer) },
    lastArticleClaims: claims,
  }),
);
