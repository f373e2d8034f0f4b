import { CommandBus } from '@nestjs/cqrs';
import { Queue } from 'bullmq';
import { sql } from 'kysely';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ClaimWriteResult, ReportClaimCommand } from '@claimtrail/claims';
import { createKysely } from '@claimtrail/database';
import { QueueName } from '@claimtrail/jobs';
import { migrate } from '@claimtrail/schema';
import { PrivateRedis, freePort } from '../support/private-redis';
import { eventually, startReporter } from '../support/worker-harness';
import { AppProcess, stopAllApps } from './app-process';
import { ClaimLoad, FatalWrite } from './claim-load';
import { ADMIN_KEY, checkInvariants, claimText, Expectations } from './fault-invariants';
import { PrivatePostgres } from './private-postgres';
import { SlowPages } from './slow-pages';

/** Spare ports of the fault suite's own (never the machine's 5432 / 6379). */
const POSTGRES_PORT = 55437;
const REDIS_PORTS = Array.from({ length: 10 }, (_, i) => 56437 + i);
/** Claims per scenario: big enough for a backlog of jobs at every fault, small enough for CI. */
const CLAIMS = 40;
const HALF = CLAIMS / 2;
/** The API is killed as claim 12 is sent (the other writers' requests in flight too). */
const KILL_API_AT = 12;
const QUEUE_PREFIX = 'faults';

const ROOT = join(__dirname, '..', '..');

async function assertFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', () => reject(new Error(`port ${port} is taken: the fault suite needs it`)));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Faults an operator meets, with the real API and worker as child processes (built once by
 * the suite's globalSetup) on a Postgres cluster and redis-servers of the suite's own: after
 * each, every acknowledged write is stored exactly once, every round finished, the read
 * models equal their rebuild and the replay, and `/audit/verify` is ok (fault-invariants.ts).
 * Rounds are slowed by cited pages held 300 ms, so a kill lands mid-job.
 */
describe('fault suite', () => {
  let postgres: PrivatePostgres;
  let pages: SlowPages;
  let logDir: string;
  let scenarios = 0;
  let passed = 0;
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    await assertFree(POSTGRES_PORT);
    postgres = new PrivatePostgres(POSTGRES_PORT);
    postgres.init();
    postgres.start();
    pages = new SlowPages(300);
    await pages.start();
    logDir = mkdtempSync(join(tmpdir(), 'claimtrail-faults-logs-'));
  });

  // Each scenario's apps, Redis and clients go with it (after a failure too); Postgres is left running.
  afterEach(async () => {
    await stopAllApps();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    postgres?.ensureRunning();
  });

  afterAll(async () => {
    await pages?.close();
    postgres?.destroy();
    // The apps' logs stay for a failed run.
    if (passed === scenarios) rmSync(logDir, { recursive: true, force: true });
    else console.warn(`fault suite: the API and worker logs are in ${logDir}`);
  });

  /** One scenario's database, Redis, reporter and app factory. */
  async function scenario(name: string, options: { appendOnly: boolean; deadlineMs?: number }) {
    // Long enough that only a lost or failed job leaves a round to time out: `finishedBy: 'jobs'` sees it.
    const deadline = { CORROBORATION_DEADLINE_MS: String(options.deadlineMs ?? 30_000) };
    const port = REDIS_PORTS[scenarios++];
    await assertFree(port);
    const url = await postgres.createDatabase(`faults_${name}`);
    const db = createKysely({ url, poolSize: 1 });
    await migrate(db).finally(() => db.destroy());
    const redis = new PrivateRedis(port, options);
    await redis.start();
    cleanups.push(() => redis.destroy());
    const queue = new Queue(QueueName.Corroboration, { connection: { url: redis.url }, prefix: QUEUE_PREFIX });
    cleanups.push(() => queue.close());
    // The reporting side sets each round's deadline (in CorroborationRequested).
    const reporter = await startReporter(url, { REDIS_URL: redis.url, ...deadline });
    cleanups.push(() => reporter.close());

    const env = (extra: Record<string, string> = {}): Record<string, string> => ({
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      TMPDIR: logDir,
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: '5',
      MIGRATE_ON_START: 'false',
      REDIS_URL: redis.url,
      QUEUE_PREFIX,
      ADMIN_API_KEY: ADMIN_KEY,
      CORROBORATION_SOURCES: 'archive,cited-urls',
      FETCH_ALLOW_PRIVATE_ADDRESSES: 'true',
      CITED_URLS_RATE_PER_SECOND: '0',
      CORROBORATION_CONCURRENCY: '4',
      ...deadline,
      CORROBORATION_JOB_ATTEMPTS: '8',
      CORROBORATION_JOB_BACKOFF_MS: '200',
      CORROBORATION_LOCK_DURATION_MS: '2000',
      CORROBORATION_STALLED_INTERVAL_MS: '1000',
      CORROBORATION_SWEEP_INTERVAL_MS: '300',
      CORROBORATION_SWEEP_GRACE_MS: '500',
      EVENT_STORE_POLL_INTERVAL_MS: '100',
      ...extra,
    });
    const worker = (extra: Record<string, string> = {}) => new AppProcess('worker', env(extra), logDir).start();
    const api = (apiPort: number) =>
      new AppProcess('api', env({ PORT: String(apiPort), HOST: '127.0.0.1' }), logDir).start();

    /** Claim `i`, reported through the claims commands as the API would, retried with its Idempotency-Key. */
    const report = async (i: number) =>
      (
        await reporter.get(CommandBus).execute<ReportClaimCommand, ClaimWriteResult>(
          new ReportClaimCommand(
            { text: claimText(i), claimant: 'an official', citedUrls: [pages.url(i)], language: 'en' },
            {
              actor: { keyId: 'faults-reporter', role: 'reporter' },
              correlationId: `faults-${name}-${i}`,
              causationId: `faults-${name}-${i}`,
              idempotencyKey: `claim-${i}`,
            },
          ),
        )
      ).id;

    const invariants = (load: ClaimLoad[], finishedBy: Expectations['finishedBy']) =>
      checkInvariants(url, redis.url, {
        total: CLAIMS,
        acknowledged: new Map(load.flatMap((l) => [...l.acknowledged])),
        finishedBy,
      });

    return { url, redis, queue, reporter, worker, api, report, invariants };
  }

  /** Runs a scenario body, counting it as passed only when it returns. */
  function scenarioIt(title: string, body: () => Promise<void>): void {
    it(title, async () => {
      await body();
      passed++;
    });
  }

  /** How many completed jobs were taken over after their worker died (BullMQ's stalled-job check). */
  async function jobsTakenOver(queue: Queue): Promise<number> {
    const completed = await queue.getCompleted(0, 1000);
    return completed.filter((job) => job.stalledCounter > 0).length;
  }

  /** How many rounds the round sweeper finished, from its log lines. */
  function sweptRounds(worker: AppProcess): number {
    const lines = readFileSync(worker.logFile, 'utf8').split('\n');
    return lines
      .map((line) => /finished (\d+) overdue corroboration round/.exec(line)?.[1])
      .reduce((sum, n) => sum + Number(n ?? 0), 0);
  }

  scenarioIt(
    'kill -9 of the worker mid-job: a restarted worker takes its jobs over, nothing lost or doubled',
    async () => {
      const s = await scenario('worker_kill', { appendOnly: true });
      const first = await s.worker();
      const before = new ClaimLoad(s.report, 0, HALF);
      await eventually(() => pages.inFlight > 0, 'a corroboration job mid-work');
      await first.stop('SIGKILL');
      const after = new ClaimLoad(s.report, HALF, CLAIMS);
      await s.worker();
      await Promise.all([before.done, after.done]);
      await s.invariants([before, after], 'jobs');
      expect(await jobsTakenOver(s.queue)).toBeGreaterThan(0);
    },
  );

  scenarioIt(
    'two workers, one killed with kill -9 mid-job: the other takes over its jobs and subscribers',
    async () => {
      const s = await scenario('two_workers', { appendOnly: true });
      // Started first, it holds the subscribers' locks (relay, projections, sweeper); the second stands by.
      const first = await s.worker();
      await s.worker();
      const before = new ClaimLoad(s.report, 0, HALF);
      // More pages in flight than one worker's concurrency (4): the first worker is mid-job too.
      await eventually(() => pages.inFlight > 4, 'both workers mid-job');
      await first.stop('SIGKILL');
      const after = new ClaimLoad(s.report, HALF, CLAIMS);
      await Promise.all([before.done, after.done]);
      await s.invariants([before, after], 'jobs');
      expect(await jobsTakenOver(s.queue)).toBeGreaterThan(0);
    },
  );

  scenarioIt('Redis killed and restarted with AOF: every queued job survives and every round runs', async () => {
    const s = await scenario('redis_aof', { appendOnly: true });
    await s.worker();
    const before = new ClaimLoad(s.report, 0, HALF);
    await before.done;
    await eventually(() => pages.inFlight > 0, 'a corroboration job mid-work');
    await s.redis.kill();
    const after = new ClaimLoad(s.report, HALF, CLAIMS);
    await sleep(500);
    await s.redis.start();
    await after.done;
    await s.invariants([before, after], 'jobs');
  });

  scenarioIt('Redis restarted empty (no AOF), the runbook: relay:replay re-runs every lost round', async () => {
    const s = await scenario('redis_replay', { appendOnly: false });
    await s.worker();
    const lostFrom = new Date().toISOString();
    const before = new ClaimLoad(s.report, 0, HALF);
    await before.done;
    await eventually(() => pages.inFlight > 0, 'a corroboration job mid-work');
    await s.redis.kill();
    await s.redis.start();
    const after = new ClaimLoad(s.report, HALF, CLAIMS);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'dist/apps/cli/src/relay-replay.js'), '--from', lostFrom],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', DATABASE_URL: s.url, REDIS_URL: s.redis.url, QUEUE_PREFIX } },
    );
    expect((JSON.parse(stdout) as { rounds: number }).rounds).toBeGreaterThan(0);
    await after.done;
    // Replayed, the lost rounds run their sources: none times out.
    await s.invariants([before, after], 'jobs');
  });

  scenarioIt('Redis restarted empty (no AOF), nobody replays: the round sweeper finishes the lost rounds', async () => {
    const s = await scenario('redis_sweeper', { appendOnly: false, deadlineMs: 3000 });
    const worker = await s.worker();
    const before = new ClaimLoad(s.report, 0, HALF);
    await before.done;
    await eventually(() => pages.inFlight > 0, 'a corroboration job mid-work');
    await s.redis.kill();
    await s.redis.start();
    const after = new ClaimLoad(s.report, HALF, CLAIMS);
    await after.done;
    const { timedOut } = await s.invariants([before, after], 'any');
    // Their deadline jobs were lost with the rest: only the sweeper could finish them.
    expect(sweptRounds(worker)).toBeGreaterThan(0);
    expect(timedOut).toBeGreaterThanOrEqual(sweptRounds(worker));
  });

  scenarioIt(
    'Postgres crash-restart (pg_ctl -m immediate) mid-load: writes retried, jobs retried, nothing lost',
    async () => {
      const s = await scenario('pg_restart', { appendOnly: true });
      await s.worker();
      const before = new ClaimLoad(s.report, 0, HALF);
      await before.done;
      await eventually(() => pages.inFlight > 0, 'a corroboration job mid-work');
      postgres.stopImmediate();
      // Written while Postgres is down: every first attempt fails, and is retried.
      const after = new ClaimLoad(s.report, HALF, CLAIMS);
      await sleep(1000);
      postgres.start();
      await after.done;
      expect(after.retries).toBeGreaterThan(0);
      await s.invariants([before, after], 'jobs');
    },
  );

  scenarioIt(
    'a Postgres outage longer than the jobs retry budget strands rounds, and the sweeper finishes them',
    async () => {
      const s = await scenario('pg_outage', { appendOnly: true, deadlineMs: 2000 });
      // The sweeper's grace is an hour: this worker stands for one without a sweeper.
      const stranding = await s.worker({
        CORROBORATION_JOB_ATTEMPTS: '1',
        CORROBORATION_SWEEP_GRACE_MS: String(3_600_000),
      });
      // A backlog at the outage's start: the jobs wait (queue paused) until Postgres is down.
      await s.queue.pause();
      const load = new ClaimLoad(s.report, 0, CLAIMS);
      await load.done;
      const jobs = () => s.queue.getJobCounts('waiting', 'paused', 'delayed', 'prioritized', 'active', 'failed');
      await eventually(async () => {
        const counts = await jobs();
        return counts.waiting + counts.paused + counts.delayed + counts.prioritized === 2 * CLAIMS;
      }, 'every round relayed (work and deadline job)');
      postgres.stopImmediate();
      await s.queue.resume();
      // Every work job and every deadline job fails its last attempt while Postgres is down.
      let counts = {};
      await eventually(
        async () => (counts = await jobs()).failed === 2 * CLAIMS,
        () => `every job failed for good (${JSON.stringify(counts)})`,
        60_000,
      );
      postgres.start();

      const db = createKysely({ url: s.url, poolSize: 1 });
      try {
        const open = await sql<{ n: number }>`
          SELECT (SELECT count(*) FROM events WHERE type = 'CorroborationRequested')
               - (SELECT count(*) FROM events WHERE type = 'CorroborationFinished') AS n`.execute(db);
        // Stranded: every round open, and no job left that could finish one.
        expect(Number(open.rows[0].n)).toBe(CLAIMS);
        expect(await jobs()).toMatchObject({ waiting: 0, paused: 0, delayed: 0, prioritized: 0, active: 0 });
      } finally {
        await db.destroy();
      }

      // The same worker with the sweeper's usual grace (500 ms past the deadline).
      await stranding.stop('SIGTERM');
      const sweeping = await s.worker({ CORROBORATION_JOB_ATTEMPTS: '1' });
      const { timedOut } = await s.invariants([load], 'any');
      expect(timedOut).toBe(CLAIMS);
      expect(sweptRounds(sweeping)).toBe(CLAIMS);
    },
  );

  scenarioIt(
    'kill -9 of the API mid-request: clients retry with their Idempotency-Key, each claim stored once',
    async () => {
      const s = await scenario('api_kill', { appendOnly: true });
      await s.worker();
      const apiPort = await freePort();
      const first = await s.api(apiPort);
      let restarted: Promise<unknown> | undefined;
      const post = async (i: number): Promise<string> => {
        // The kill lands while this request (and the other writers') are in flight; a new API comes up at once.
        restarted ??=
          i === KILL_API_AT
            ? sleep(5)
                .then(() => first.stop('SIGKILL'))
                .then(() => s.api(apiPort))
            : undefined;
        const response = await fetch(`http://127.0.0.1:${apiPort}/claims`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${ADMIN_KEY}`,
            'content-type': 'application/json',
            'idempotency-key': `claim-${i}`,
          },
          // No cited page here (the API accepts domain names only): the kill is the API's, not a job's.
          body: JSON.stringify({ text: claimText(i), claimant: 'an official' }),
        });
        if (response.status === 201) return ((await response.json()) as { id: string }).id;
        if (response.status === 503) throw new Error('503: retry');
        throw new FatalWrite(`POST /claims answered ${response.status}: ${await response.text()}`);
      };
      const load = new ClaimLoad(post, 0, CLAIMS);
      await load.done;
      await restarted;
      // The requests the kill cut off were retried.
      expect(load.retries).toBeGreaterThan(0);
      await s.invariants([load], 'jobs');
    },
  );
});
