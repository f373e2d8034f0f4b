/**
 * Corroboration pipeline benchmark: claims/s from `ClaimReported` to a decided status.
 * BENCH_CLAIMS claims (default 10,000) are reported first, over a generated archive; then
 * the worker process (relay, projections, corroboration worker with the archive source,
 * `CORROBORATION_CONCURRENCY`) starts and the clock runs until every claim's round has
 * finished (its status is corroborated, denied or unverified). In the same run, BullMQ
 * alone: the same number of jobs added in batches of 100 (as the relay adds them) to a
 * worker with a no-op processor at the same concurrency. Creates and drops its own
 * database and Redis keys. Prints JSON.
 * BENCH_ARCHIVE_ARTICLES adds that many generated news-length articles (1.5–5k characters, the archive
 * benchmark's corpus) around the claims' own, bulk-loaded: the search and the stance model then work on
 * an archive of realistic size and length.
 *
 *   npm run bench:corroboration          (BENCH_CLAIMS=3000 for a run of a few minutes on 2 cores)
 *   BENCH_CLAIMS=1000 BENCH_ARCHIVE_ARTICLES=100000 npm run bench:corroboration
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { sql } from 'kysely';
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { ClaimsModule, ReportClaimCommand } from '@claimtrail/claims';
import { ConfigModule, loadConfig } from '@claimtrail/config';
import { ArticleRepository, NewArticle } from '@claimtrail/corroboration';
import { createKysely, DatabaseModule } from '@claimtrail/database';
import { jobOptions } from '@claimtrail/jobs';
import { migrate } from '@claimtrail/schema';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { createBenchDatabase } from '../support/bench-database';
import { ArchiveCorpus } from '../archive/archive-corpus';
import { loadArchive } from '../archive/archive-loader';
import { round } from '../support/stats';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CLAIMS = Number(process.env.BENCH_CLAIMS ?? 10_000);
const CONCURRENCY = Number(process.env.CORROBORATION_CONCURRENCY ?? 8);
/** Topics the claims are about; each has two to three archive articles, plus unrelated filler. */
const TOPICS = Math.max(10, Math.round(CLAIMS / 5));
const FILLER_ARTICLES = Math.round(TOPICS / 2);
const REPORTERS = 16;
const ARCHIVE_ARTICLES = Number(process.env.BENCH_ARCHIVE_ARTICLES ?? 0);

/** mulberry32: a small seeded PRNG, so every run generates the same corpus. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(20261129);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const CONSONANTS = 'bcdfghjklmnprstvwxz';
const VOWELS = 'aeiou';
/**
 * A made-up proper name of random letters: rare words make each topic findable on its
 * own, and random letters keep two names from sharing trigrams (which the archive's
 * similarity search would read as relatedness).
 */
const name = () => {
  let word = '';
  for (let i = 0; i < 8; i++) word += i % 2 === 0 ? pick([...CONSONANTS]) : pick([...VOWELS]);
  return word[0].toUpperCase() + word.slice(1);
};
const KINDS = [
  'Industries',
  'Logistics',
  'Aerospace',
  'Trading',
  'Holdings',
  'Shipyards',
  'Foundry',
  'Electronics',
  'Motors',
  'Chemicals',
  'Optics',
  'Metals',
];
const GOODS = [
  'drones',
  'shells',
  'radars',
  'microchips',
  'trucks',
  'rifles',
  'turbines',
  'gyroscopes',
  'lathes',
  'antennas',
  'batteries',
  'engines',
  'helmets',
  'sensors',
];
const OUTLETS = Array.from({ length: 15 }, (_, i) => `Bench Outlet ${i + 1}`);
const FILLER = [
  'Officials declined to comment further on the matter.',
  'The ministry said a fuller statement would follow next week.',
  'Analysts expect the figures to be revised in the coming months.',
  'The committee will meet again after the summer recess.',
];

interface Topic {
  entity: string;
  goods: string;
  /** A made-up destination (a second rare name), so topics share few words. */
  place: string;
  /** A third rare name: claims of a few words would otherwise match any sentence sharing their verb. */
  route: string;
  refuted: boolean;
}

function topics(): Topic[] {
  return Array.from({ length: TOPICS }, () => ({
    entity: `${name()} ${pick(KINDS)}`,
    goods: pick(GOODS),
    place: name(),
    route: name(),
    refuted: random() < 0.15,
  }));
}

function articles(all: Topic[]): NewArticle[] {
  const out: NewArticle[] = [];
  all.forEach((t, i) => {
    const statement = `${t.entity} supplied ${t.goods} to ${t.place} through ${t.route}`;
    const outlets = [...OUTLETS].sort(() => random() - 0.5).slice(0, 3);
    out.push({
      url: `https://bench${i}.example/a`,
      title: `${t.entity} shipments`,
      publisher: outlets[0],
      body: `${statement}, according to customs records. ${pick(FILLER)}`,
    });
    out.push({
      url: `https://bench${i}.example/b`,
      title: `Records detail ${t.entity} deliveries`,
      publisher: outlets[1],
      body: `Documents seen by reporters show ${statement}. ${pick(FILLER)}`,
    });
    if (t.refuted) {
      out.push({
        url: `https://bench${i}.example/c`,
        title: `${t.entity} denies report`,
        publisher: outlets[2],
        body: `The claim that ${statement} is false, inspectors said. ${pick(FILLER)}`,
      });
    }
  });
  for (let i = 0; i < FILLER_ARTICLES; i++) {
    out.push({
      url: `https://filler${i}.example/`,
      title: `Council notes ${i}`,
      publisher: pick(OUTLETS),
      body: `${pick(FILLER)} ${pick(FILLER)} ${pick(FILLER)}`,
    });
  }
  return out;
}

/** A claim about `t`, worded one of a few ways (claims are sentences, not copies of the archive). */
function claimText(t: Topic, i: number): string {
  switch (i % 3) {
    case 0:
      return `${t.entity} supplied ${t.goods} to ${t.place} through ${t.route}`;
    case 1:
      return `${t.entity} has been shipping ${t.goods} to ${t.place} via ${t.route}`;
    default:
      return `${t.place} received ${t.goods} from ${t.entity} through ${t.route}`;
  }
}

/** Runs `task(i)` for i in [0, n) with `parallel` loops. */
async function inParallel(n: number, parallel: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

async function deleteKeys(prefix: string): Promise<void> {
  const redis = new IORedis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = nextCursor;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

/** BullMQ alone: `jobs` jobs added in batches of 100 while a no-op worker at `concurrency` consumes them. */
async function noopBullMq(prefix: string, jobs: number, concurrency: number) {
  const connection = { url: REDIS_URL };
  const queue = new Queue('noop', { connection, prefix });
  let done = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((resolve) => (resolveAll = resolve));
  const worker = new Worker('noop', () => Promise.resolve({ status: 'done', summary: {} }), {
    connection,
    prefix,
    concurrency,
    autorun: false,
  });
  worker.on('completed', () => {
    if (++done === jobs) resolveAll();
  });
  const options = jobOptions({ attempts: 5, backoffMs: 5000 });
  const started = process.hrtime.bigint();
  void worker.run();
  for (let i = 0; i < jobs; i += 100) {
    const batch = Array.from({ length: Math.min(100, jobs - i) }, (_, k) => ({
      name: 'noop',
      data: { claimId: randomUUID(), i: i + k },
      opts: { ...options, jobId: `noop.${i + k}` },
    }));
    await queue.addBulk(batch);
  }
  await all;
  const elapsed = seconds(started);
  await worker.close();
  await queue.close();
  return { jobs, seconds: round(elapsed, 2), jobsPerSecond: Math.round(jobs / elapsed) };
}

async function main(): Promise<void> {
  const database = await createBenchDatabase('corroboration');
  const prefix = `ct-bench-${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '20',
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    MIGRATE_ON_START: 'false',
    CORROBORATION_SOURCES: 'archive',
    CORROBORATION_CONCURRENCY: String(CONCURRENCY),
    EVENT_STORE_POLL_INTERVAL_MS: '100',
  });
  const db = createKysely({ url: database.url, poolSize: 20, applicationName: 'claimtrail-bench' });
  try {
    await migrate(db);
    const setup = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot('claimtrail-bench-setup'),
        CqrsModule.forRoot(),
        ClaimsModule,
      ],
      providers: [ArticleRepository],
    }).compile();
    await setup.init();

    const subjects = topics();
    const corpus = articles(subjects);
    const ingestStarted = process.hrtime.bigint();
    const repository = setup.get(ArticleRepository);
    await inParallel(corpus.length, 8, (i) => repository.ingest(corpus[i]));
    const ingestSeconds = seconds(ingestStarted);
    const archive = ARCHIVE_ARTICLES > 0 ? await loadArchive(db, new ArchiveCorpus(), 0, ARCHIVE_ARTICLES, true) : null;
    await sql`VACUUM ANALYZE articles`.execute(db);

    const texts = Array.from({ length: CLAIMS }, (_, i) => claimText(subjects[i % TOPICS], i));
    const bus = setup.get(CommandBus);
    const reportStarted = process.hrtime.bigint();
    await inParallel(CLAIMS, REPORTERS, (i) => {
      const id = randomUUID();
      return bus.execute(
        new ReportClaimCommand(
          { text: texts[i], claimant: `source ${i % 50}`, citedUrls: [], language: 'en' },
          { actor: { keyId: 'bench', role: 'reporter' }, correlationId: id, causationId: id },
        ),
      );
    });
    const reportSeconds = seconds(reportStarted);
    await setup.close();

    const decided = async () =>
      Number(
        (
          await db
            .selectFrom('events')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('type', '=', 'CorroborationFinished')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const pipelineStarted = process.hrtime.bigint();
    const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
      logger: ['error', 'warn'],
    });
    while ((await decided()) < CLAIMS) await new Promise((resolve) => setTimeout(resolve, 200));
    const pipelineSeconds = seconds(pipelineStarted);
    await worker.close();

    const finalStatus = new Map<string, string>();
    for (const row of await db
      .selectFrom('events')
      .select(['stream_id', 'data'])
      .where('type', '=', 'ClaimStatusChanged')
      .orderBy('position')
      .execute()) {
      finalStatus.set(row.stream_id, (row.data as { to: string }).to);
    }
    const byStatus: Record<string, number> = {};
    for (const status of finalStatus.values()) byStatus[status] = (byStatus[status] ?? 0) + 1;
    const evidence = Number(
      (
        await db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('type', '=', 'EvidenceAttached')
          .executeTakeFirstOrThrow()
      ).n,
    );

    const noop = await noopBullMq(`${prefix}-noop`, CLAIMS, CONCURRENCY);
    const pipeline = {
      claims: CLAIMS,
      seconds: round(pipelineSeconds, 2),
      claimsPerSecond: Math.round(CLAIMS / pipelineSeconds),
      evidenceAttached: evidence,
      evidencePerClaim: round(evidence / CLAIMS),
      finalStatus: byStatus,
    };

    console.log(
      JSON.stringify(
        {
          date: new Date().toISOString(),
          machine: {
            cpu: cpus()[0]?.model,
            cores: cpus().length,
            memoryGiB: round(totalmem() / 2 ** 30),
            node: process.version,
          },
          concurrency: CONCURRENCY,
          corpus: { topics: TOPICS, articles: corpus.length, ingestSeconds: round(ingestSeconds, 2) },
          generatedArchive: archive,
          reporting: {
            claims: CLAIMS,
            seconds: round(reportSeconds, 2),
            claimsPerSecond: Math.round(CLAIMS / reportSeconds),
          },
          pipeline,
          noopBullMq: noop,
          noopToPipelineRatio: round(noop.jobsPerSecond / pipeline.claimsPerSecond, 1),
        },
        null,
        2,
      ),
    );
  } finally {
    await db.destroy();
    await database.drop();
    await deleteKeys(prefix);
    await deleteKeys(`${prefix}-noop`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
