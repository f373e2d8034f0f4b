import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@claimtrail/config';
import { ProjectionRebuilder, RebuildReport } from '@claimtrail/projections';
import { eventsProgressBar } from './progress-bar';
import { ProjectionsCliModule } from './projections-cli.module';

/**
 * `npm run projections:rebuild -- <name>` (or `projections:drift -- <name>` with
 * `--drift`): rebuilds a projection into a shadow table from position 0 with a progress
 * bar, compares it row by row with the live table, and (rebuild only) swaps it in.
 * Exits 1 on failure, 2 when a drift check found drifted rows.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const drift = args.includes('--drift');
  const name = args.find((a) => !a.startsWith('--'));
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(ProjectionsCliModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  try {
    const rebuilder = app.get(ProjectionRebuilder);
    if (!name) {
      console.error(
        `usage: projections:${drift ? 'drift' : 'rebuild'} -- <name>   (projections: ${rebuilder.names().join(', ')})`,
      );
      process.exitCode = 1;
      return;
    }
    const bar = eventsProgressBar(drift ? `drift ${name}` : `rebuild ${name}`);
    let report: RebuildReport;
    try {
      const running = await rebuilder.start(name, drift ? 'drift' : 'rebuild', {
        onProgress: ({ processed, total }) => bar.update(processed, total),
      });
      report = await running.finished;
    } finally {
      bar.stop();
    }
    print(report);
    if (drift && report.drift.drifted > 0) process.exitCode = 2;
  } finally {
    await app.close();
  }
}

function print(report: RebuildReport): void {
  const { drift } = report;
  console.log(
    `${report.purpose === 'rebuild' ? 'rebuilt and swapped' : 'checked'} ${report.name}: ${report.processed} events ` +
      `in ${(report.elapsedMs / 1000).toFixed(1)} s (${report.eventsPerSecond} events/s); rows compared ` +
      `${drift.compared}, drifted ${drift.drifted}, in flight ${drift.inFlight}`,
  );
  for (const row of drift.rows) {
    const what =
      row.live === null
        ? 'missing in the live table'
        : row.rebuilt === null
          ? 'not in the log'
          : `columns ${row.columns.join(', ')}`;
    console.log(`  drift ${row.key}: ${what}`);
    const { live, rebuilt } = row;
    if (!live || !rebuilt) continue;
    for (const column of row.columns)
      console.log(`    ${column}: live ${JSON.stringify(live[column])} ≠ rebuilt ${JSON.stringify(rebuilt[column])}`);
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
