/** What the matcher needs of a logged event. */
export interface LoggedEvent {
  position: number;
  /** xid8 as a decimal string. */
  transactionId: string;
  eventId: string;
  type: string;
  streamId: string;
}

/** What the matcher needs of an active endpoint. */
export interface SubscribedEndpoint {
  id: string;
  eventTypes: readonly string[];
  /** The log cursor when it was registered: it gets the events after it. */
  start: { transactionId: string; position: number };
}

export interface MatchedDelivery {
  endpointId: string;
  event: LoggedEvent;
}

/** Whether `event` comes after `cursor` in the subscribers' (transaction id, position) order. */
export function isAfter(
  event: { transactionId: string; position: number },
  cursor: { transactionId: string; position: number },
): boolean {
  const tx = BigInt(event.transactionId);
  const startTx = BigInt(cursor.transactionId);
  return tx > startTx || (tx === startTx && event.position > cursor.position);
}

/**
 * The deliveries a batch of events stands for: each event to every endpoint that asked for
 * its type and was registered before the event became visible to the log's readers.
 */
export function matchingDeliveries(
  events: readonly LoggedEvent[],
  endpoints: readonly SubscribedEndpoint[],
): MatchedDelivery[] {
  return events.flatMap((event) =>
    endpoints
      .filter((endpoint) => endpoint.eventTypes.includes(event.type) && isAfter(event, endpoint.start))
      .map((endpoint) => ({ endpointId: endpoint.id, event })),
  );
}
