import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { v5 as uuidV5 } from 'uuid';
import {
  AttachEvidenceBatchCommand,
  GetClaimStateQuery,
  ClaimWriteResult,
  CommandMetadata,
  CorroborationRound,
  ExistingClaim,
  FinishCorroborationCommand,
} from '@claimtrail/claims';
import type { ClaimToCorroborate, SourceResult } from '@claimtrail/corroboration';
import type { CorroborationRoundJob } from '@claimtrail/jobs';

/** Namespace of evidence ids derived from (claim, source, finding). */
const EVIDENCE_ID_NAMESPACE = '6c0d7f4e-2b8a-4f0e-9a51-3f1d2c7b9e10';

/** The actor recorded on what the workers append. */
export const CORROBORATION_WORKER = { keyId: 'corroboration-worker', role: 'system' } as const;

/** How a round ended, per source. */
export interface RoundOutcome {
  answered: string[];
  failed: string[];
  timedOut: string[];
}

export type OpenRound = { claim: ExistingClaim; round: CorroborationRound } | { skip: string };

/**
 * The evidence id of a finding: the same (claim, source, finding) always gives the same
 * id, so a retried or re-run job attaches it once (the decider ignores a known id).
 */
export function evidenceIdOf(claimId: string, source: string, sourceRef: string): string {
  return uuidV5(`${claimId}\n${source}\n${sourceRef}`, EVIDENCE_ID_NAMESPACE);
}

/** The claim as the source adapters see it, in `round` (a re-check names the article that started it). */
export function claimToCorroborate(claim: ExistingClaim, round?: CorroborationRound): ClaimToCorroborate {
  return {
    ...(round?.reason ? { newReporting: { url: round.reason.url } } : {}),
    claimId: claim.claimId,
    text: claim.text,
    claimant: claim.claimant,
    language: claim.language,
    citedUrls: claim.citedUrls,
    ...(claim.article
      ? { article: { url: claim.article.url, publisher: claim.article.publisher, title: claim.article.title } }
      : {}),
  };
}

/** What the corroboration jobs do to a claim, through the claims lib's commands. */
@Injectable()
export class CorroborationRounds {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /** The claim and its round when the round still needs work; else why not (expected non-work, not an error). */
  async open(job: CorroborationRoundJob): Promise<OpenRound> {
    const { state } = await this.queries.execute(new GetClaimStateQuery(job.claimId));
    if (state.status === 'none') return { skip: `claim ${job.claimId} does not exist` };
    const round = state.corroboration.find((r) => r.requestId === job.requestId);
    if (!round) return { skip: `claim ${job.claimId} has no corroboration round ${job.requestId}` };
    if (round.outcome) return { skip: `round ${job.requestId} already finished` };
    return { claim: state, round };
  }

  /**
   * Attaches the round's findings, in source order, in one claim write (idempotently);
   * nothing is written when there are none.
   */
  async attach(
    job: CorroborationRoundJob,
    results: Pick<SourceResult, 'source' | 'findings'>[],
  ): Promise<ClaimWriteResult | undefined> {
    const evidence = results.flatMap(({ source, findings }) =>
      findings.map(({ sourceRef, ...finding }) => ({
        evidenceId: evidenceIdOf(job.claimId, source, sourceRef),
        source,
        ...finding,
      })),
    );
    if (evidence.length === 0) return undefined;
    return this.commands.execute(
      new AttachEvidenceBatchCommand({ claimId: job.claimId, evidence }, this.metadata(job)),
    );
  }

  /** Records how the round ended; the verdict policy then settles the status (idempotent per round). */
  finish(job: CorroborationRoundJob, outcome: RoundOutcome): Promise<ClaimWriteResult> {
    return this.commands.execute(
      new FinishCorroborationCommand(
        { claimId: job.claimId, requestId: job.requestId, ...outcome },
        this.metadata(job),
      ),
    );
  }

  private metadata(job: CorroborationRoundJob): CommandMetadata {
    return { actor: CORROBORATION_WORKER, correlationId: job.correlationId, causationId: job.eventId };
  }
}
