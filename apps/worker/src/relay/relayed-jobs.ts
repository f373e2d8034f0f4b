import { claimIdOf, isClaimEvent } from '@claimtrail/claims';
import type { RecordedEvent } from '@claimtrail/event-store';
import { CorroborationRoundJob, JobRequest, RetrySettings, roundJobs } from '@claimtrail/jobs';

/**
 * The event types the relay turns into jobs. `ClaimReported` is not among them on its
 * own: the claims lib appends a report together with its first `CorroborationRequested`
 * (one atomic append), so that event starts the report's round; relaying both would run
 * every new claim twice.
 */
export const RELAYED_EVENT_TYPES = ['CorroborationRequested'] as const;

/**
 * The jobs one event stands for, with ids derived from its event id. A round becomes two
 * jobs: the work now, and a check at its deadline that finishes the round as timed out
 * if it is still open then.
 */
export function jobsFor(event: RecordedEvent, now: Date, retry: RetrySettings): JobRequest[] {
  if (!isClaimEvent(event)) return [];
  switch (event.type) {
    case 'CorroborationRequested': {
      const claimId = claimIdOf(event.streamId);
      if (!claimId) return [];
      const { requestId, sources, deadline } = event.data;
      const round: CorroborationRoundJob = {
        claimId,
        requestId,
        sources,
        deadline,
        eventId: event.eventId,
        correlationId: event.metadata.correlationId ?? event.eventId,
      };
      return roundJobs(round, now, retry);
    }
    default:
      return [];
  }
}
