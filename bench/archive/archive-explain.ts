import { CompiledQuery, Kysely, sql } from 'kysely';
import { readFile } from 'node:fs/promises';
import type { ArticleRepository } from '@claimtrail/corroboration';
import type { Database } from '@claimtrail/database';
import { percentile, round } from '../support/stats';

interface PlanNode {
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
}
interface Explained {
  Plan: PlanNode;
  'Planning Time': number;
  'Execution Time': number;
}

/** CPU seconds (user + system) a local process has used so far, from /proc; null where that is not readable. */
async function cpuSeconds(pid: number): Promise<number | null> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (!stat) return null;
  // Fields after the command name (which may hold spaces) start at the state, field 3; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
}

/**
 * Mean CPU time of the Postgres backend per search (the searches run one after another on one connection): on a
 * shared host, CPU time is what a search costs, wall-clock time is that plus the wait for a core.
 */
async function backendCpuPerSearch(
  db: Kysely<Database>,
  repository: ArticleRepository,
  texts: string[],
  limit: number,
) {
  return db.connection().execute(async (connection) => {
    const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(connection);
    const before = await cpuSeconds(rows[0].pid);
    if (before === null) return null;
    for (const text of texts) await repository.searchQuery({ text, language: 'en', limit }).execute(connection);
    const after = (await cpuSeconds(rows[0].pid)) ?? before;
    return round(((after - before) * 1000) / texts.length, 2);
  });
}

/**
 * `EXPLAIN (ANALYZE, BUFFERS)` of each claim's search: the blocks a search touches and reads from outside
 * shared_buffers, the server's own planning and execution time (`TIMING OFF`: no per-node clock reads) and the
 * backend's CPU time per search. Blocks and CPU time change little with the host's load, so they compare designs on a
 * shared machine where wall-clock percentiles do not. The slowest plan goes to stderr.
 */
export async function explainSearches(
  db: Kysely<Database>,
  repository: ArticleRepository,
  texts: string[],
  limit: number,
) {
  const runs: { blocks: number; read: number; planning: number; execution: number; text: string }[] = [];
  for (const text of texts) {
    const query = repository.searchQuery({ text, language: 'en', limit }).compile(db);
    const { rows } = await db.executeQuery<{ 'QUERY PLAN': Explained[] }>(
      CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, FORMAT JSON) ${query.sql}`, [...query.parameters]),
    );
    const explained = rows[0]['QUERY PLAN'][0];
    const hit = explained.Plan['Shared Hit Blocks'];
    const read = explained.Plan['Shared Read Blocks'];
    runs.push({
      blocks: hit + read,
      read,
      planning: explained['Planning Time'],
      execution: explained['Execution Time'],
      text,
    });
  }
  const stats = (values: number[], digits = 0) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mean = sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length);
    return {
      mean: round(mean, digits),
      p50: round(percentile(sorted, 50), digits),
      p99: round(percentile(sorted, 99), digits),
    };
  };
  const slowest = runs.reduce((a, b) => (b.execution > a.execution ? b : a), runs[0]);
  if (slowest) {
    const query = repository.searchQuery({ text: slowest.text, language: 'en', limit }).compile(db);
    const { rows } = await db.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`, [...query.parameters]),
    );
    console.error(`slowest search under EXPLAIN (${round(slowest.execution, 1)} ms), run again:\n${slowest.text}`);
    console.error(rows.map((r) => r['QUERY PLAN']).join('\n'));
  }
  return {
    searches: runs.length,
    backendCpuMsPerSearch: await backendCpuPerSearch(db, repository, texts, limit),
    blocks: stats(runs.map((r) => r.blocks)),
    readBlocks: stats(runs.map((r) => r.read)),
    planningMs: stats(
      runs.map((r) => r.planning),
      2,
    ),
    executionMs: stats(
      runs.map((r) => r.execution),
      2,
    ),
  };
}
