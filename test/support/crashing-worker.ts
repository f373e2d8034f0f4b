/**
 * A worker process for the kill -9 test (run with `node -r ./test/support/register-ts.js`):
 * the real worker module with the stand-in archive, whose rounds attach their evidence
 * and then hang before finishing, announcing `ATTACHED <claimId>` on stdout so the test
 * can kill the process right there, mid-job.
 */
import 'reflect-metadata';
import { Injectable } from '@nestjs/common';
import { ClaimWriteResult } from '@claimtrail/claims';
import { SOURCE_ADAPTERS } from '@claimtrail/corroboration';
import { CorroborationRoundJob } from '@claimtrail/jobs';
import { CorroborationRounds } from '../../apps/worker/src/corroboration/corroboration-rounds.service';
import { fakeArchive } from './fake-sources';
import { startWorker } from './worker-harness';

@Injectable()
class HangingRounds extends CorroborationRounds {
  override finish(job: CorroborationRoundJob): Promise<ClaimWriteResult> {
    process.stdout.write(`ATTACHED ${job.claimId}\n`);
    return new Promise(() => undefined);
  }
}

const env = JSON.parse(process.env.CRASHING_WORKER_ENV ?? '{}') as Record<string, string>;
startWorker(process.env.CRASHING_WORKER_DATABASE_URL ?? '', env, (builder) =>
  builder
    .overrideProvider(SOURCE_ADAPTERS)
    .useValue([fakeArchive])
    .overrideProvider(CorroborationRounds)
    .useClass(HangingRounds),
).then(
  () => process.stdout.write('READY\n'),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
