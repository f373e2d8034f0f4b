import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig, ConfigError, loadConfig } from '@claimtrail/config';
import { createDatabaseIfMissing, createKysely } from '@claimtrail/database';
import { migrate } from '@claimtrail/schema';
import {
  demoKeys,
  DemoResult,
  HttpCall,
  RecheckResult,
  runDemoFlow,
  runRecheckFlow,
  SimilarGroup,
  similarGroups,
} from './demo-flow';
import { renderClaimsTable } from './demo-table';
import { loadSeeds } from './load-seeds';
import { laterArticle, seedArticle } from './seed-article';

/** How long the demo waits for the workers to decide every claim (they need a few seconds). */
const DECISION_TIMEOUT_MS = 40_000;
const READY_TIMEOUT_MS = 30_000;

const say = (line = '') => process.stdout.write(`${line}\n`);

interface App {
  name: 'api' | 'worker';
  child: ChildProcess;
  log: string;
}

/**
 * `npm run demo`: the seed story end to end. Migrates (creating the database if needed),
 * loads the seeds, starts the real API and worker as child processes, ingests the seed
 * article through `POST /articles` with a demo reporter key, waits for the workers to
 * corroborate, and prints each claim's status and reasons, then where to go next. Stops
 * its children and exits, or keeps serving with `--serve`. Running it again shows the
 * same claims (the article and its claims are stored once).
 */
async function main(): Promise<void> {
  const started = Date.now();
  const serve = process.argv.slice(2).includes('--serve');
  const config = loadConfig();
  const base = `http://127.0.0.1:${config.http.port}`;

  // Migrates and seeds as the tables' owner; the apps it starts connect as DATABASE_URL.
  const db = createKysely({ url: config.database.migrationUrl, poolSize: 2, applicationName: 'claimtrail-demo' });
  try {
    const created = await createDatabaseIfMissing(config.database.migrationUrl);
    const { results = [] } = await migrate(db);
    const seeded = await loadSeeds(db, config);
    say(
      `database: ${created ? 'created, ' : ''}${results.length} migration(s) applied; seeds: ` +
        `${seeded.publishers.created} publishers, ${seeded.articles.created} archive articles, ` +
        `${seeded.apiKeys.created} demo keys added (the rest already there)`,
    );
  } finally {
    await db.destroy();
  }

  if (await answers(`${base}/health`))
    throw new Error(`something already answers on port ${config.http.port}: stop it (npm start?) or set PORT`);
  const apps = (['api', 'worker'] as const).map((name) => startApp(name, config));
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await Promise.all(apps.map(stopApp));
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(143)));
  for (const app of apps) {
    app.child.once('exit', (code) => {
      if (stopping) return;
      process.stderr.write(
        `the ${app.name} stopped unexpectedly (exit ${code}); its log (${app.log}) ends with:\n${tail(app.log)}\n`,
      );
      void stop().then(() => process.exit(1));
    });
  }

  try {
    await waitUntilReady(base);
    say(
      `API and worker running (logs: ${apps.map((a) => a.log).join(', ')}); ingesting the seed story with claim ` +
        `extraction…`,
    );
    const keys = demoKeys();
    const result = await runDemoFlow(httpOver(base), { article: seedArticle(), keys, timeoutMs: DECISION_TIMEOUT_MS });
    say();
    say(`${result.article.created ? 'Ingested' : 'Already ingested'}: ${result.article.url}`);
    say();
    say(renderClaimsTable(result.claims, Math.max(100, Math.min(process.stdout.columns ?? 140, 160))));
    if (result.undecided > 0)
      say(
        `\n${result.undecided} claim(s) were still being corroborated after ${DECISION_TIMEOUT_MS / 1000} s (see ` +
          `the worker log).`,
      );
    say();
    say(renderSimilar(await similarGroups(httpOver(base), { keys, story: result })));
    say();
    const recheck = await runRecheckFlow(httpOver(base), {
      article: laterArticle(),
      keys,
      story: result,
      timeoutMs: DECISION_TIMEOUT_MS,
    });
    say(renderRecheck(recheck));
    say();
    say(nextSteps(`http://localhost:${config.http.port}`, keys, result));
    say();
    say(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (serve) {
      say('serving (--serve): Ctrl-C stops the API and the worker');
      return;
    }
    process.exitCode = result.undecided > 0 ? 1 : 0;
  } catch (error) {
    process.exitCode = 1;
    throw error;
  } finally {
    if (!serve || process.exitCode === 1) await stop();
  }
}

/** The story's claims that repeat an earlier one: an editor confirms with POST /claims/:id/duplicate-of. */
function renderSimilar(groups: SimilarGroup[]): string {
  const cut = (text: string) => (text.length > 100 ? `${text.slice(0, 100)}…` : text);
  const lines = [`Similar claims (${groups.length} found; confirm with POST /claims/:id/duplicate-of):`];
  for (const { claim, similar } of groups) {
    lines.push(`  ${cut(claim.statement)}`);
    for (const s of similar) lines.push(`    ≈ ${cut(s.text)}  (score ${s.score.toFixed(2)}, ${s.claimId})`);
  }
  return lines.join('\n');
}

/** The claims a later article re-checked, with their status before and after. */
function renderRecheck({ article, rechecked }: RecheckResult): string {
  const lines = [`${article.created ? 'Later article posted' : 'Later article (posted before)'}: ${article.url}`];
  if (rechecked.length === 0) lines.push('  it started no re-check (see the worker log)');
  for (const { before, after, why } of rechecked) {
    lines.push(
      `  re-checked: ${before.claimant} (${before.attributionVerb}): ` +
        `${before.statement.slice(0, 90)}${before.statement.length > 90 ? '…' : ''}`,
    );
    lines.push(article.created ? `    ${before.status} → ${after.status}` : `    now ${after.status}`);
    for (const line of why) lines.push(`    · ${line}`);
  }
  return lines.join('\n');
}

function startApp(name: App['name'], config: AppConfig): App {
  const log = join(tmpdir(), `claimtrail-demo-${name}.log`);
  const fd = openSync(log, 'w');
  const env = {
    ...process.env,
    MIGRATE_ON_START: 'false',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    PORT: String(config.http.port),
  };
  const child = spawn(process.execPath, [join(__dirname, '..', '..', name, 'src', 'main.js')], {
    env,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  return { name, child, log };
}

/** SIGTERM (both apps drain on it), then SIGKILL if one is still there after 10 s. */
async function stopApp({ child }: App): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

async function waitUntilReady(base: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const ready = await fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`the API was not ready within ${READY_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function httpOver(base: string): HttpCall {
  return async ({ method, path, key, body }) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
}

function tail(path: string, lines = 20): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function nextSteps(base: string, keys: Record<string, string>, result: DemoResult): string {
  const pick = (status: string) => result.claims.find((c) => c.status === status) ?? result.claims[0];
  const unverified = pick('unverified');
  const denied = pick('denied');
  const auth = (role: string) => `-H "Authorization: Bearer ${keys[role]}"`;
  return [
    `API docs: ${base}/docs  (OpenAPI JSON: ${base}/docs-json). The demo keys are in seeds/api-keys.json.`,
    '',
    '# Newsroom reporter: the corroborated claims, then one claim with its evidence',
    `curl -s "${base}/claims?status=corroborated" ${auth('reporter')}`,
    ...(denied ? [`curl -s ${base}/claims/${denied.id} ${auth('reporter')}`] : []),
    '# Newsroom editor: overrule the policy, with a reason (withdraw with {"withdraw":true,"reason":"…"})',
    ...(unverified
      ? [
          `curl -s -X POST ${base}/claims/${unverified.id}/verdict ${auth('editor')} -H 'Content-Type: ` +
            `application/json' -d '{"status":"corroborated","reason":"Confirmed by two officials on the record"}'`,
        ]
      : []),
    "# Auditor: a claim's history with actors and hashes, then the hash chain of the whole log",
    ...(unverified ? [`curl -s ${base}/claims/${unverified.id}/events ${auth('auditor')}`] : []),
    `curl -s ${base}/audit/verify ${auth('auditor')}`,
  ].join('\n');
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
