import { claimIdOf } from '@claimtrail/claims';
import type { RecordedEvent } from '@claimtrail/event-store';

/** The JSON a receiver gets: the event as the log holds it (upcast to the current shape). */
export interface WebhookBody {
  eventId: string;
  type: string;
  /** The event's log position: receivers can order deliveries by it. */
  position: number;
  streamId: string;
  /** The claim the event belongs to (null for events of other streams). */
  claimId: string | null;
  /** The claim's version after this event. */
  version: number;
  data: Record<string, unknown>;
  /** ISO-8601. */
  recordedAt: string;
}

/**
 * The raw body of a delivery of `event`: the same bytes at every attempt, so only the signature's timestamp changes.
 */
export function webhookBody(event: RecordedEvent): string {
  const body: WebhookBody = {
    eventId: event.eventId,
    type: event.type,
    position: event.position,
    streamId: event.streamId,
    claimId: claimIdOf(event.streamId),
    version: event.streamVersion,
    data: event.data,
    recordedAt: event.recordedAt.toISOString(),
  };
  return JSON.stringify(body);
}
