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
import { createKysely, Database } from '@claimtrail/database';
import { EventStore, NewEvent } from '@claimtrail/event-store';
import { migrate } from '@claimtrail/schema';
import { createBenchDatabase } from '../support/bench-database';
import { percentile, round } from '../support/stats';

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
      excerpt:
        'A western official, speaking on condition of anonymity, said the talks had stalled over the sequencing of ' +
        'the ceasefire and the release of prisoners.',
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

type Append = (writer: number, i: number) => Promise<void>;

interface Sample {
  latencies: number[];
  seconds: number;
}

/** Runs `writers` loops calling `append(writer, i)` for `ms`, recording each append's latency into `sample`. */
async function slice(
  writers: number,
  ms: number,
  append: Append,
  sample: Sample,
  counter: { i: number },
): Promise<void> {
  let stop = false;
  const started = process.hrtime.bigint();
  const loops = Array.from({ length: writers }, async (_, writer) => {
    while (!stop) {
      const t = process.hrtime.bigint();
      await append(writer, counter.i++);
      sample.latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  });
  await new Promise((resolve) => setTimeout(resolve, ms));
  stop = true;
  await Promise.all(loops);
  sample.seconds += Number(process.hrtime.bigint() - started) / 1e9;
}

function summary(sample: Sample, batch: number): Measurement {
  const sorted = [...sample.latencies].sort((a, b) => a - b);
  return {
    appends: sorted.length,
    events: sorted.length * batch,
    appendsPerSecond: round(sorted.length / sample.seconds),
    eventsPerSecond: round((sorted.length * batch) / sample.seconds),
    p50Ms: round(percentile(sorted, 50), 2),
    p99Ms: round(percentile(sorted, 99), 2),
  };
}

/**
 * Measures each workload for SECONDS in one-second slices, alternating between them, so
 * that the machine's drift (other processes, checkpoints, fsync latency) hits both alike.
 */
async function compare(
  writers: number,
  batch: number,
  workloads: Record<string, Append>,
): Promise<Record<string, Measurement>> {
  const names = Object.keys(workloads);
  const samples = Object.fromEntries(names.map((n) => [n, { latencies: [], seconds: 0 }]));
  const counters = Object.fromEntries(names.map((n) => [n, { i: 0 }]));
  for (const name of names)
    await slice(writers, WARMUP_MS, workloads[name], { latencies: [], seconds: 0 }, counters[name]);
  for (let round = 0; round < SECONDS; round++) {
    for (const name of names) await slice(writers, 1000, workloads[name], samples[name], counters[name]);
  }
  return Object.fromEntries(names.map((n) => [n, summary(samples[n], batch)]));
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
      const data = JSON.stringify(e.data);
      const metadata = JSON.stringify(e.metadata);
      return sql`(${randomUUID()}, ${streamId}, ${e.type}, ${data}::jsonb, ${metadata}::jsonb)`;
    });
    await sql`INSERT INTO bench_raw (id, stream_id, type, data, metadata) VALUES ${sql.join(rows)}`.execute(db);
  };
}

/**
 * The rejected design, priced in every run: NOTIFY inside the append's transaction.
 * Postgres commits notifying transactions one at a time under a global lock.
 */
async function notifyInsideAppend(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ def: string }>`SELECT pg_get_functiondef('event_store_append'::regproc) AS def`.execute(
    db,
  );
  const marker = "RETURN jsonb_build_object('result', 'appended'";
  if (!rows[0].def.includes(marker)) throw new Error('event_store_append changed: update the bench');
  await sql.raw(rows[0].def.replace(marker, `PERFORM pg_notify('claimtrail_events', ''); ${marker}`)).execute(db);
}

async function main(): Promise<void> {
  const database = await createBenchDatabase('event_store');
  const db = createKysely({ url: database.url, poolSize: 18, applicationName: 'claimtrail-bench' });
  try {
    await migrate(db);
    await sql`CREATE TABLE bench_raw (
      id uuid PRIMARY KEY, stream_id text NOT NULL, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL
    )`.execute(db);
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
        const { raw, eventStore } = await compare(writers, batch, {
          raw: rawWriter(db, batch),
          eventStore: storeWriter(store, batch),
        });
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
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('events')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const topUp = storeWriter(store, 200);
    for (let i = 0; (await count()) < READ_ALL_EVENTS; i += 8)
      await Promise.all(Array.from({ length: 8 }, (_, w) => topUp(w, i)));
    // As autovacuum would have by then: hint bits set, statistics fresh.
    await sql`VACUUM ANALYZE events`.execute(db);
    // Three passes over the same log; the median resists the machine's drift.
    const passes: { events: number; seconds: number; eventsPerSecond: number }[] = [];
    for (let pass = 0; pass < 3; pass++) {
      let events = 0;
      const started = process.hrtime.bigint();
      for await (const event of store.readAll()) if (event.position > 0) events++;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      passes.push({ events, seconds: round(seconds, 2), eventsPerSecond: Math.round(events / seconds) });
    }
    const readAll = [...passes].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond)[1];

    await notifyInsideAppend(db);
    const notifyInside = (await compare(16, 1, { notifyInside: storeWriter(store, 1) })).notifyInside;

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
          readAll: { ...readAll, passes: passes.map((p) => p.eventsPerSecond) },
          rejectedNotifyInsideAppend: { writers: 16, batch: 1, eventStore: notifyInside },
        },
        null,
        2,
      ),
    );
  } finally {
    await db.destroy();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
