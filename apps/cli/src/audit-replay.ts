import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@claimtrail/config';
import { ClaimStatusAudit } from '@claimtrail/projections';
import { eventsProgressBar } from './progress-bar';
import { ProjectionsCliModule } from './projections-cli.module';

/**
 * `npm run audit:replay`: replays the whole log through the claim domain and reports
 * every claim whose stored status (the claim_status read model) differs from the
 * recomputed one. Exits 2 when there is any.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(ProjectionsCliModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  try {
    const bar = eventsProgressBar('replay');
    const report = await app
      .get(ClaimStatusAudit)
      .replay(({ processed, total }) => bar.update(processed, total))
      .finally(() => bar.stop());
    const seconds = report.elapsedMs / 1000;
    console.log(
      `replayed ${report.events} events of ${report.claims} claims in ${seconds.toFixed(1)} s ` +
        `(${Math.round(report.events / Math.max(seconds, 0.001))} events/s)`,
    );
    for (const m of report.mismatches) {
      const stored = m.stored ? `${m.stored.status} v${m.stored.version}` : 'no row';
      console.log(`  ${m.id}: stored ${stored}, replayed ${m.replayed.status} v${m.replayed.version} (${m.kind})`);
    }
    console.log(
      report.mismatches.length === 0
        ? 'every stored status matches the replay'
        : `${report.mismatches.length} claim(s) differ`,
    );
    if (report.mismatches.length > 0) process.exitCode = 2;
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
