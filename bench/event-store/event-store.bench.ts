/**
 * Event store benchmark: appends/s and latency at 1 and 16 writers, single events and
 * batches of 10, against the same workload as raw INSERTs into a bare table (unique
 * key, one transaction per append) in the same run; then readAll events/s.
 * Creates and drops its own database. Prints JSON.
 *
 *   npm run bench:event-store            (BENCH_SECONDS=5 per measurement by default)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { Kysely, sql } from 'kysely';
import { Client } from 'pg';
import { createKysely, Database } from '@claimtrail/database';
import { EventStore, NewEvent } from '@claimtrail/event-store';
import { migrate } from '@claimtrail/schema';

const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_MS = 500;
const READ_ALL_EVENTS = 100_000;
const STREAMS_PER_WRITER = 50;

interface Measurement {
  appends: number;
  events: number;
  appendsPerSecond: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** A realistic event: a claim's evidence, ~400 bytes of data plus actor metadata. */
function payload(i: number): NewEvent {
  return {
    type: 'EvidenceAttached',
    data: {
      publisher: 'Example Gazette',
      url: `https://news.example.org/2026/11/29/story-${i}`,
      excerpt: 'A western official, speaking on condition of anonymity, said the talks had stalled over the sequencing of the ceasefire and the release of prisoners.',
      stance: 'supports',
      confidence: 0.72,
      foundBy: 'archive',
      retrievedAt: '2026-11-29T19:30:00.000Z',
    },
    metadata: {
      actor: { keyId: 'key_worker', role: 'editor' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
    },
  };
}

async function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Runs `writers` loops calling `append(writer, i)` for SECONDS after a short warm-up. */
async function measure(writers: number, batch: number, append: (writer: number, i: number) => Promise<void>): Promise<Measurement> {
  const latencies: number[] = [];
  let measuring = false;
  let stop = false;
  const loops = Array.from({ length: writers }, async (_, writer) => {
    for (let i = 0; !stop; i++) {
      const started = process.hrtime.bigint();
      await append(writer, i);
      if (measuring) latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  });
  await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
  measuring = true;
  const started = process.hrtime.bigint();
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  measuring = false;
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  stop = true;
  await Promise.all(loops);
  latencies.sort((a, b) => a - b);
  return {
    appends: latencies.length,
    events: latencies.length * batch,
    appendsPerSecond: round(latencies.length / elapsed),
    eventsPerSecond: round((latencies.length * batch) / elapsed),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
  };
}

function storeWriter(store: EventStore, batch: number) {
  const versions = new Map<string, number>();
  const run = randomBytes(3).toString('hex');
  return async (writer: number, i: number) => {
    // Each writer owns its streams and tracks their versions, like a command handler.
    const streamId = `bench-${run}w${writer}s${i % STREAMS_PER_WRITER}`;
    const events = Array.from({ length: batch }, (_, k) => payload(i * batch + k));
    const result = await store.appendToStream(streamId, events, { expectedVersion: versions.get(streamId) ?? 0 });
    versions.set(streamId, result.nextExpectedVersion);
  };
}

function rawWriter(db: Kysely<Database>, batch: number) {
  const run = randomBytes(3).toString('hex');
  return async (writer: number, i: number) => {
    const streamId = `bench-${run}w${writer}s${i % STREAMS_PER_WRITER}`;
    const rows = Array.from({ length: batch }, (_, k) => {
      const e = payload(i * batch + k);
      return sql`(${randomUUID()}, ${streamId}, ${e.type}, ${JSON.stringify(e.data)}::jsonb, ${JSON.stringify(e.metadata)}::jsonb)`;
    });
    await sql`INSERT INTO bench_raw (id, stream_id, type, data, metadata) VALUES ${sql.join(rows)}`.execute(db);
  };
}

/**
 * The rejected design, priced in every run: NOTIFY inside the append's transaction.
 * Postgres commits notifying transactions one at a time under a global lock.
 */
async function notifyInsideAppend(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ def: string }>`SELECT pg_get_functiondef('event_store_append'::regproc) AS def`.execute(db);
  const marker = "result := 'appended';";
  if (!rows[0].def.includes(marker)) throw new Error('event_store_append changed: update the bench');
  await sql.raw(rows[0].def.replace(marker, `PERFORM pg_notify('claimtrail_events', ''); ${marker}`)).execute(db);
}

async function main(): Promise<void> {
  const name = `claimtrail_bench_${randomBytes(4).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const db = createKysely({ url: url.toString(), poolSize: 18, applicationName: 'claimtrail-bench' });
  try {
    await migrate(db);
    await sql`CREATE TABLE bench_raw (id uuid PRIMARY KEY, stream_id text NOT NULL, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL)`.execute(db);
    const store = new EventStore(db);
    const [{ version }] = (await sql<{ version: string }>`SELECT version()`.execute(db)).rows;
    const [{ settings }] = (
      await sql<{ settings: Record<string, string> }>`
        SELECT jsonb_object_agg(name, setting) AS settings FROM pg_settings
         WHERE name IN ('synchronous_commit', 'fsync', 'shared_buffers', 'max_connections', 'wal_level')`.execute(db)
    ).rows;

    const appends: Record<string, unknown>[] = [];
    for (const writers of [1, 16]) {
      for (const batch of [1, 10]) {
        const raw = await measure(writers, batch, rawWriter(db, batch));
        const eventStore = await measure(writers, batch, storeWriter(store, batch));
        appends.push({
          writers,
          batch,
          raw,
          eventStore,
          ratio: round(eventStore.appendsPerSecond / raw.appendsPerSecond, 2),
        });
      }
    }

    // readAll over a log of at least READ_ALL_EVENTS events.
    const count = async () => Number((await db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const topUp = storeWriter(store, 200);
    for (let i = 0; (await count()) < READ_ALL_EVENTS; i += 8) await Promise.all(Array.from({ length: 8 }, (_, w) => topUp(w, i)));
    // As autovacuum would have by then: hint bits set, statistics fresh.
    await sql`VACUUM ANALYZE events`.execute(db);
    let read = 0;
    const readStarted = process.hrtime.bigint();
    for await (const event of store.readAll()) if (event.position > 0) read++;
    const readSeconds = Number(process.hrtime.bigint() - readStarted) / 1e9;

    await notifyInsideAppend(db);
    const notifyInside = await measure(16, 1, storeWriter(store, 1));

    console.log(
      JSON.stringify(
        {
          date: new Date().toISOString(),
          machine: {
            cpu: cpus()[0]?.model,
            cores: cpus().length,
            memoryGiB: round(totalmem() / 2 ** 30),
            node: process.version,
            postgres: version,
            postgresSettings: settings,
          },
          secondsPerMeasurement: SECONDS,
          appends,
          readAll: { events: read, seconds: round(readSeconds, 2), eventsPerSecond: Math.round(read / readSeconds) },
          rejectedNotifyInsideAppend: { writers: 16, batch: 1, eventStore: notifyInside },
        },
        null,
        2,
      ),
    );
  } finally {
    await db.destroy();
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
