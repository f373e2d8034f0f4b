import { Injectable } from '@nestjs/common';
import {
  AdapterPolicies,
  InjectSourceAdapters,
  runAdapters,
  SourceAdapter,
  SourceResult,
} from '@claimtrail/corroboration';
import {
  CorroborationRoundJob,
  done,
  HandlesJob,
  JobContext,
  JobHandler,
  JobName,
  JobResult,
  skipped,
} from '@claimtrail/jobs';
import { claimToCorroborate, CorroborationRounds, RoundOutcome } from './corroboration-rounds.service';

/** Per source, how it came back; stored as the job's progress so the deadline job can tell who answered. */
export type SourceProgress = Record<string, SourceResult['status']>;

/**
 * Asks every source of the round in parallel (each under its own timeout, rate limit and
 * retries, all bounded by the round's deadline), attaches each finding as evidence, then
 * records how the round ended: the verdict policy settles the claim, `unverified` when
 * nothing decisive was found. A source the round names but this worker lacks (ClaimReview
 * without an API key) is recorded as failed. Safe to run again: evidence ids are derived
 * from the finding, and a finished round is skipped.
 */
@Injectable()
@HandlesJob(JobName.CorroborateClaim)
export class CorroborateClaimHandler implements JobHandler<JobName.CorroborateClaim> {
  constructor(
    private readonly rounds: CorroborationRounds,
    @InjectSourceAdapters() private readonly adapters: SourceAdapter[],
    private readonly policies: AdapterPolicies,
  ) {}

  async handle(job: CorroborationRoundJob, context: JobContext): Promise<JobResult> {
    const open = await this.rounds.open(job);
    if ('skip' in open) return skipped(open.skip);
    // A duplicate takes no evidence; its round is closed by the deadline job.
    if (open.claim.duplicateOf) return skipped(`claim is a duplicate of ${open.claim.duplicateOf}`);
    const remainingMs = new Date(job.deadline).getTime() - Date.now();
    if (remainingMs <= 0) {
      const outcome: RoundOutcome = { answered: [], failed: [], timedOut: job.sources };
      const result = await this.rounds.finish(job, outcome);
      return done({
        ...outcome,
        findings: 0,
        status: result.status,
        note: 'deadline passed before the sources were asked',
      });
    }
    const adapters = this.adapters.filter((adapter) => job.sources.includes(adapter.name));
    const unavailable = job.sources.filter((source) => !adapters.some((adapter) => adapter.name === source));
    const results = await runAdapters(adapters, claimToCorroborate(open.claim, open.round), this.policies, {
      signal: AbortSignal.timeout(remainingMs),
    });

    // All findings in one write to the claim stream, instead of one read-decide-append per finding.
    await this.rounds.attach(job, results);
    // After the evidence is in: a source the deadline job sees as answered has nothing left to attach.
    await context.reportProgress({
      sources: Object.fromEntries(results.map((r) => [r.source, r.status])) satisfies SourceProgress,
    });
    const outcome: RoundOutcome = {
      answered: results.filter((r) => r.status === 'answered').map((r) => r.source),
      failed: [...results.filter((r) => r.status === 'failed').map((r) => r.source), ...unavailable],
      timedOut: results.filter((r) => r.status === 'timed_out').map((r) => r.source),
    };
    const finished = await this.rounds.finish(job, outcome);
    return done({
      ...outcome,
      findings: results.reduce((n, r) => n + r.findings.length, 0),
      errors: Object.fromEntries(results.filter((r) => r.error).map((r) => [r.source, r.error])),
      status: finished.status,
    });
  }
}
