import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@claimtrail/config';
import { createDatabaseIfMissing, createKysely } from '@claimtrail/database';
import { migrate } from '@claimtrail/schema';

/**
 * `npm start`: migrates once, then runs the API and the worker as two processes (as in
 * production) and stops both on SIGINT/SIGTERM or when either dies.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  await createDatabaseIfMissing(config.database.migrationUrl);
  const db = createKysely({ url: config.database.migrationUrl, poolSize: 1, applicationName: 'claimtrail-migrate' });
  await migrate(db).finally(() => db.destroy());

  const env = { ...process.env, MIGRATE_ON_START: 'false' };
  const children: ChildProcess[] = ['api', 'worker'].map((app) =>
    spawn(process.execPath, [join(__dirname, '..', '..', app, 'src', 'main.js')], { env, stdio: 'inherit' }),
  );
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    process.exitCode = code;
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  for (const child of children) child.on('exit', (code) => stop(code ?? 1));
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
