/**
 * API benchmark: req/s, p50 and p99 of the main endpoints at 1 and 2 API processes
 * (autocannon, client-side round robin over the processes' ports), beside three references
 * measured in the same run — a no-op Fastify route and the same route behind a bare NestJS
 * application, each in its own process, and the event store library's single-event append
 * called directly. The load (autocannon and the library's appends) comes from a process of its
 * own (load-generator.ts). Every measurement runs in slices of BENCH_SLICE_SECONDS, interleaved
 * round by round, so the drift of a shared machine hits all of them alike. Starts its own API
 * processes and worker on a throwaway database and its own queue prefix; prints JSON.
 *
 *   npm run bench:api                  (BENCH_ROUNDS=4 rounds of BENCH_SLICE_SECONDS=2, 32 connections;
 *                                       BENCH_PATHS='GET /claims/:id,GET /health' measures only those)
 *   npm run bench:api -- --profile     (CPU profiles of POST /claims, GET /claims/:id and GET /claims
 *                                       under load; summaries by layer to bench/api/profiles/<label>.json,
 *                                       flame graphs to bench/api/flames/<label>/, label BENCH_PROFILE_LABEL)
 *   npm run bench:api -- --round-trips (Postgres round trips per request of each kind, with their
 *                                       statements, counted in the API process one request at a time)
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { Kysely, sql } from 'kysely';
import { createKysely, Database } from '@claimtrail/database';
import { migrate } from '@claimtrail/schema';
import { createBenchDatabase } from '../support/bench-database';
import { freePort, NodeProcess, spawnNode, waitForHttp } from '../support/processes';
import { percentile, round } from '../support/stats';
import { summarise } from './cpu-profile-summary';
import { renderFlameGraph } from './flame-graph';
import { processCpuMs } from './process-cpu-ms';
import { apiLoads, claimBody, evidenceBody, json } from './api-loads';
import { LoadGenerator, type SliceResult } from './load-generator';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const SLICE_SECONDS = Number(process.env.BENCH_SLICE_SECONDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SEEDED_CLAIMS = 500;
const PROFILE = process.argv.includes('--profile');
const PROFILE_SECONDS = 8;
/** Which paths --profile loads (names as in the bench's loads, comma-separated). */
const PROFILE_PATHS = (
  process.env.BENCH_PROFILE_PATHS ?? 'POST /claims,GET /claims/:id,GET /claims?status=reported,GET /health'
).split(',');
const ROUND_TRIPS = process.argv.includes('--round-trips');
/** Which API paths the full run measures (names as in the bench's loads, comma-separated; default all). */
const ONLY_PATHS = process.env.BENCH_PATHS?.split(',');
const ROUND_TRIP_REQUESTS = 20;
const ADMIN_KEY = `bench-admin-${randomBytes(16).toString('hex')}`;
const dist = join(__dirname, '..', '..');

interface Measurement {
  requests: number;
  reqPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses other than the expected status (must be 0 for the figure to count). */
  unexpected: number;
  /** CPU time per request of the server's processes (the API's, the no-ops'; the load generator's for the library). */
  serverCpuMsPerRequest: number;
  /** CPU time per request of the Postgres backends connected to the bench database. */
  postgresCpuMsPerRequest: number;
}

interface Sample {
  latencies: number[];
  seconds: number;
  unexpected: number;
  serverCpuMs: number;
  postgresCpuMs: number;
}

const emptySample = (): Sample => ({ latencies: [], seconds: 0, unexpected: 0, serverCpuMs: 0, postgresCpuMs: 0 });

/** CPU time of every Postgres backend connected to `database`, by pid. */
async function postgresCpuByPid(db: Kysely<Database>, database: string): Promise<Map<number, number>> {
  const { rows } = await sql<{ pid: number }>`
    SELECT pid FROM pg_stat_activity WHERE datname = ${database} AND pid <> pg_backend_pid()`.execute(db);
  return new Map(rows.map(({ pid }) => [pid, processCpuMs([pid])]));
}

/**
 * Runs `measure` and adds to `sample` the CPU time the server processes `pids` and the bench
 * database's Postgres backends spent meanwhile (backends that connected during it count from 0).
 */
async function withCpu(
  pids: () => number[],
  db: Kysely<Database>,
  database: string,
  sample: Sample,
  measure: () => Promise<void>,
): Promise<void> {
  const server = processCpuMs(pids());
  const postgres = await postgresCpuByPid(db, database);
  await measure();
  sample.serverCpuMs += processCpuMs(pids()) - server;
  for (const [pid, ms] of await postgresCpuByPid(db, database)) sample.postgresCpuMs += ms - (postgres.get(pid) ?? 0);
}

/** Adds a slice's outcome to `sample`. */
function add(sample: Sample, { latencies, seconds, unexpected }: SliceResult): void {
  for (const latency of latencies) sample.latencies.push(latency);
  sample.seconds += seconds;
  sample.unexpected += unexpected;
}

/** A load's name as a file name: `GET /claims?status=reported` → `get-claims-status-reported`. */
function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function summary(sample: Sample): Measurement {
  const sorted = [...sample.latencies].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    reqPerSecond: round(sorted.length / Math.max(sample.seconds, 1e-9)),
    p50Ms: round(percentile(sorted, 50), 2),
    p99Ms: round(percentile(sorted, 99), 2),
    unexpected: sample.unexpected,
    serverCpuMsPerRequest: round(sample.serverCpuMs / Math.max(sorted.length, 1), 3),
    postgresCpuMsPerRequest: round(sample.postgresCpuMs / Math.max(sorted.length, 1), 3),
  };
}

async function post(url: string, body: unknown, key: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...json, authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** Waits until the read model has processed `position` (the worker runs the projector). */
async function waitForProjection(api: string, key: string, claimId: string, position: number): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const response = await fetch(`${api}/claims/${claimId}?minPosition=${position}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    if (response.ok && !response.headers.get('x-projection-lag')) return;
  }
  throw new Error('the read model did not catch up');
}

/** Asks the API's pg-query-count-hook for something and waits for its answer. */
function askHook<T>(api: ChildProcess, type: string, answer: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== answer) return;
      api.off('message', onMessage);
      resolve(message as T);
    };
    api.on('message', onMessage);
    api.send({ type });
  });
}

/**
 * Postgres round trips per request: ROUND_TRIP_REQUESTS requests of each kind one after the
 * other (after one unmeasured request, so caches are as warm as under load), counted in the
 * API process. Background statements (batched last_used_at, NOTIFY of appends) are included:
 * one request at a time, each append gets its own NOTIFY, which load coalesces.
 */
async function countRoundTrips(api: ChildProcess, base: string, key: string, claimIds: string[]) {
  const auth = { authorization: `Bearer ${key}` };
  const requests: Record<string, (i: number) => Promise<Response>> = {
    'POST /claims': () => fetch(`${base}/claims`, { method: 'POST', headers: { ...json, ...auth }, body: claimBody() }),
    'POST /claims (Idempotency-Key)': () =>
      fetch(`${base}/claims`, {
        method: 'POST',
        headers: { ...json, ...auth, 'idempotency-key': randomUUID() },
        body: claimBody(),
      }),
    'POST /claims/:id/evidence': (i) =>
      fetch(`${base}/claims/${claimIds[i]}/evidence`, {
        method: 'POST',
        headers: { ...json, ...auth },
        body: evidenceBody(),
      }),
    'GET /claims/:id': (i) => fetch(`${base}/claims/${claimIds[i]}`, { headers: auth }),
    'GET /claims?status=reported': () => fetch(`${base}/claims?status=reported&limit=20`, { headers: auth }),
    'GET /health': () => fetch(`${base}/health`),
  };
  const counted: Record<string, { perRequest: number; statements: Record<string, number> }> = {};
  for (const [name, send] of Object.entries(requests)) {
    const warm = await send(ROUND_TRIP_REQUESTS);
    if (!warm.ok) throw new Error(`${name}: ${warm.status} ${await warm.text()}`);
    await askHook(api, 'pg-queries:reset', 'pg-queries:reset-done');
    for (let i = 0; i < ROUND_TRIP_REQUESTS; i++) {
      const response = await send(i);
      if (!response.ok) throw new Error(`${name}: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
    }
    // The NOTIFY of an append inside a transaction is sent 25 ms after it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const { statements } = await askHook<{ statements: string[] }>(api, 'pg-queries:read', 'pg-queries:counted');
    const byText: Record<string, number> = {};
    for (const text of statements) byText[text] = round((byText[text] ?? 0) + 1 / ROUND_TRIP_REQUESTS, 2);
    counted[name] = { perRequest: round(statements.length / ROUND_TRIP_REQUESTS, 2), statements: byText };
  }
  return { date: new Date().toISOString(), requestsPerKind: ROUND_TRIP_REQUESTS, roundTrips: counted };
}

async function main(): Promise<void> {
  const database = await createBenchDatabase('api');
  const logDir = mkdtempSync(join(tmpdir(), 'claimtrail-bench-api-'));
  const profileDir = join(logDir, 'profiles');
  mkdirSync(profileDir);
  const processes: NodeProcess[] = [];
  let generator: LoadGenerator | undefined;
  const db = createKysely({ url: database.url, poolSize: 10, applicationName: 'claimtrail-bench' });
  try {
    await migrate(db);
    const env = {
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      MIGRATE_ON_START: 'false',
      QUEUE_PREFIX: `bench-api-${randomBytes(4).toString('hex')}`,
      ADMIN_API_KEY: ADMIN_KEY,
      RATE_LIMIT_PER_MINUTE: '1000000',
      CORROBORATION_SOURCES: 'archive',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    };
    const seed = spawnNode(join(dist, 'apps/cli/src/seed.js'), env, join(logDir, 'seed.log'));
    await new Promise((resolve) => seed.child.once('exit', resolve));

    const noopPort = await freePort();
    processes.push(spawnNode(join(__dirname, 'noop-server.js'), { PORT: String(noopPort) }, join(logDir, 'noop.log')));
    const apiCount = PROFILE || ROUND_TRIPS ? 1 : 2;
    const apis: string[] = [];
    for (let i = 0; i < apiCount; i++) {
      const port = await freePort();
      const hook = PROFILE ? 'cpu-profile-hook.js' : ROUND_TRIPS ? 'pg-query-count-hook.js' : undefined;
      const nodeArgs = hook ? ['-r', join(__dirname, hook)] : [];
      const api = spawnNode(
        join(dist, 'apps/api/src/main.js'),
        { ...env, PORT: String(port), HOST: '127.0.0.1' },
        join(logDir, `api-${i}.log`),
        nodeArgs,
      );
      processes.push(api);
      apis.push(`http://127.0.0.1:${port}`);
    }
    const nestNoopPort = await freePort();
    const nestNoopProcess = spawnNode(
      join(__dirname, 'nest-noop-server.js'),
      { PORT: String(nestNoopPort) },
      join(logDir, 'nest-noop.log'),
    );
    processes.push(nestNoopProcess);
    const noop = `http://127.0.0.1:${noopPort}`;
    const nestNoop = `http://127.0.0.1:${nestNoopPort}`;
    const noopPid = processes[0].child.pid!;
    const apiPids = (n = apiCount) =>
      processes
        .slice(1, 1 + n)
        .map((p) => p.child.pid!)
        .filter(Boolean);
    await Promise.all([
      ...apis.map((u) => waitForHttp(`${u}/health`)),
      ...[noop, nestNoop].map((u) => waitForHttp(`${u}/noop`)),
    ]);

    const { key } = (await post(`${apis[0]}/api-keys`, { name: 'bench reporter', role: 'reporter' }, ADMIN_KEY)) as {
      key: string;
    };
    // Claims to read and to attach evidence to, projected by a worker that stops before the measurements.
    const worker = spawnNode(join(dist, 'apps/worker/src/main.js'), env, join(logDir, 'worker.log'));
    const claimIds: string[] = [];
    let lastPosition = 0;
    for (let i = 0; i < SEEDED_CLAIMS; i += 10) {
      const written = await Promise.all(
        Array.from({ length: 10 }, () => post(`${apis[0]}/claims`, JSON.parse(claimBody()), key)),
      );
      for (const w of written) {
        claimIds.push(w.id as string);
        lastPosition = Math.max(lastPosition, w.position as number);
      }
    }
    await waitForProjection(apis[0], key, claimIds[claimIds.length - 1], lastPosition);
    await worker.stop();

    if (ROUND_TRIPS) {
      console.log(JSON.stringify(await countRoundTrips(processes[1].child, apis[0], key, claimIds), null, 2));
      return;
    }

    // Only the measurements need load; `generator` is for the finally block.
    const load = LoadGenerator.start(
      { context: { key, claimIds }, databaseUrl: database.url, connections: CONNECTIONS },
      join(logDir, 'load-generator.log'),
    );
    generator = load;

    if (PROFILE) {
      const summaries = [];
      const flameGraphs: string[] = [];
      const label = process.env.BENCH_PROFILE_LABEL ?? 'profile';
      const flameDir = join(__dirname, '..', '..', '..', 'bench', 'api', 'flames', label);
      const api = processes[1].child;
      for (const name of PROFILE_PATHS) {
        const file = join(profileDir, `${summaries.length + 1}.cpuprofile`);
        api.send({ type: 'cpu-profile:start' });
        const sample = emptySample();
        await withCpu(apiPids, db, database.name, sample, async () =>
          add(sample, await load.http(apis, name, PROFILE_SECONDS)),
        );
        const written = new Promise((resolve) => api.once('message', resolve));
        api.send({ type: 'cpu-profile:stop', file });
        await written;
        summaries.push({ ...summarise(JSON.parse(readFileSync(file, 'utf8')), name), load: summary(sample) });
        flameGraphs.push(
          await renderFlameGraph(file, join(flameDir, `${slug(name)}.html`), `${label}: ${name} under load`),
        );
      }
      const out = join(__dirname, '..', '..', '..', 'bench', 'api', 'profiles', `${label}.json`);
      const loadAverages = loadavg().map((l) => round(l, 2));
      writeFileSync(
        out,
        `${JSON.stringify({ date: new Date().toISOString(), loadavg: loadAverages, summaries }, null, 2)}\n`,
      );
      console.log(JSON.stringify({ written: out, flameGraphs, rawProfiles: profileDir }));
      return;
    }

    const noopServers = [
      { name: 'noop', url: noop, pid: noopPid },
      { name: 'Nest noop', url: nestNoop, pid: nestNoopProcess.child.pid! },
    ];
    /** A measurement: CPU of `pids` and of the database's backends around `slice`, its outcome added to `sample`. */
    const measured = (pids: () => number[], slice: () => Promise<SliceResult>) => (sample: Sample) =>
      withCpu(pids, db, database.name, sample, async () => add(sample, await slice()));
    type Run = { name: string; run: (seconds: number) => (sample: Sample) => Promise<void> };
    const runs: Run[] = [
      ...noopServers.flatMap((server) =>
        ['GET', 'POST'].map((method) => ({
          name: `${server.name} ${method}`,
          run: (s: number) =>
            measured(
              () => [server.pid],
              () => load.http([server.url], `noop ${method}`, s),
            ),
        })),
      ),
      {
        name: 'event store append (library)',
        run: (s) =>
          measured(
            () => [load.pid],
            () => load.append(s),
          ),
      },
      ...[1, 2].flatMap((n) =>
        Object.keys(apiLoads({ key, claimIds }))
          .filter((name) => !ONLY_PATHS || ONLY_PATHS.includes(name))
          .map((name) => ({
            name: `${name} ×${n}`,
            run: (s: number) =>
              measured(
                () => apiPids(n),
                () => load.http(apis.slice(0, n), name, s),
              ),
          })),
      ),
    ];
    const samples = new Map(runs.map((r) => [r.name, emptySample()]));
    const loadDuring: number[] = [];
    for (const r of runs) await r.run(1)(emptySample());
    for (let i = 0; i < ROUNDS; i++) {
      for (const r of runs) await r.run(SLICE_SECONDS)(samples.get(r.name)!);
      loadDuring.push(round(loadavg()[0], 2));
    }
    const results = Object.fromEntries(runs.map((r) => [r.name, summary(samples.get(r.name)!)]));
    const ratioOf = (path: string, reference: string) =>
      [1, 2]
        .filter((n) => results[`${path} ×${n}`])
        .map((n) => [
          `${path} ×${n} / ${reference}`,
          round(results[`${path} ×${n}`].reqPerSecond / results[reference].reqPerSecond, 2),
        ]);
    const ratios = Object.fromEntries([
      ...ratioOf('POST /claims', 'event store append (library)'),
      ...ratioOf('GET /claims/:id', 'noop GET'),
      ...ratioOf('GET /health', 'noop GET'),
      ...ratioOf('GET /claims/:id', 'Nest noop GET'),
      ...ratioOf('GET /health', 'Nest noop GET'),
      ...ratioOf('POST /claims', 'Nest noop POST'),
    ]);
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
          settings: {
            rounds: ROUNDS,
            sliceSeconds: SLICE_SECONDS,
            connections: CONNECTIONS,
            logLevel: env.LOG_LEVEL,
            seededClaims: SEEDED_CLAIMS,
          },
          loadavg1mDuringRounds: loadDuring,
          results,
          ratios,
        },
        null,
        2,
      ),
    );
  } finally {
    await Promise.all([...processes.map((p) => p.stop()), generator?.stop()]);
    await db.destroy();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
