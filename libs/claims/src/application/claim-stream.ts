import type { AnyDomainEvent, RecordedEvent, StreamFold } from '@claimtrail/event-store';
import { ClaimEvent, isClaimEventType } from '../domain/claim.events';
import { ClaimState, evolve, foldClaim, initialState } from '../domain/claim.state';

/** The event-store stream of a claim: `claim-<uuid>`. */
export function claimStreamId(claimId: string): string {
  return `claim-${claimId}`;
}

/** The claim id of a claim stream id, or null for another stream. */
export function claimIdOf(streamId: string): string | null {
  return streamId.startsWith('claim-') ? streamId.slice('claim-'.length) : null;
}

/** A stored claim event, typed by its `type`. */
export type RecordedClaimEvent = RecordedEvent<AnyDomainEvent> & ClaimEvent;

/**
 * Whether a stored event is one of the claim's: its type is a claim event type. Its data
 * then has that type's shape: the decider wrote it with that type, and upcasters lift older
 * schema versions on every read path.
 */
export function isClaimEvent(event: RecordedEvent<AnyDomainEvent>): event is RecordedClaimEvent {
  return isClaimEventType(event.type);
}

/** How a claim stream folds into its state: the writer, the projection and the audit all fold with it. */
export const claimStreamFold: StreamFold<ClaimState, ClaimEvent> = { initialState, evolve, isEvent: isClaimEvent };

/** Folds stored events (one claim's, in stream order) onto `state`; events of other kinds are skipped. */
export function foldClaimEvents(
  events: Iterable<RecordedEvent<AnyDomainEvent>>,
  state: ClaimState = initialState(),
): ClaimState {
  const claimEvents: ClaimEvent[] = [];
  for (const event of events) if (isClaimEvent(event)) claimEvents.push(event);
  return foldClaim(claimEvents, state);
}
