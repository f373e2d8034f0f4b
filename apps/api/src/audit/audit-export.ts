import { Readable } from 'node:stream';
import { Cursor, EventStore, RecordedEvent } from '@claimtrail/event-store';

export interface ExportFilter {
  /** The resume token: events after this cursor, in the gap-safe order. */
  after?: Cursor;
  /** Old clients' resume rule (position order, not exact under concurrent writes); `after` replaces it. */
  fromPosition?: number;
  stream?: string;
  types?: string[];
  since?: Date;
  until?: Date;
}

/**
 * One exported event per line, exactly as stored (no upcasting): with `prevHash` and the
 * fields `canonicalEventText` covers, an auditor recomputes every `hash`.
 */
export function exportLine(e: RecordedEvent): string {
  return `${JSON.stringify({
    position: e.position,
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    metadata: e.metadata,
    recordedAt: e.recordedAt.toISOString(),
    transactionId: e.transactionId,
    prevHash: e.prevHash,
    hash: e.hash,
  })}\n`;
}

/** The resume token of an exported line: everything up to it has been served. */
export function resumeTokenOf(e: Pick<RecordedEvent, 'transactionId' | 'position'>): string {
  return `${e.transactionId}:${e.position}`;
}

/** Parses a resume token (`<transactionId>:<position>`, as `resumeTokenOf` writes it). */
export function cursorOfToken(token: string): Cursor {
  const [transactionId, position] = token.split(':');
  return { transactionId, position: Number(position) };
}

/**
 * Events of finished transactions in the subscribers' (transaction id, position) order
 * (see EventStore.readFinished), so the last line's token resumes exactly; with the
 * legacy `fromPosition`, position order as before.
 */
async function* exportedEvents(eventStore: EventStore, filter: ExportFilter): AsyncIterable<string> {
  const events =
    filter.fromPosition !== undefined && filter.after === undefined
      ? filter.stream
        ? eventStore.readStream(filter.stream, { raw: true })
        : eventStore.readAll({ fromPosition: filter.fromPosition, types: filter.types, raw: true })
      : eventStore.readFinished({ after: filter.after, streamId: filter.stream, types: filter.types, raw: true });
  for await (const e of events) {
    if (filter.fromPosition !== undefined && e.position < filter.fromPosition) continue;
    if (filter.types && !filter.types.includes(e.type)) continue;
    // recorded_at follows commit order only roughly, so neither bound can end the scan early.
    if (filter.since && e.recordedAt < filter.since) continue;
    if (filter.until && e.recordedAt > filter.until) continue;
    yield exportLine(e);
  }
}

/**
 * The log as an NDJSON stream, pulled page by page as the client reads it: the readable
 * asks the async iterable for the next line only when the socket has room (backpressure),
 * so an export of any size holds one page in memory.
 */
export function exportStream(eventStore: EventStore, filter: ExportFilter): Readable {
  return Readable.from(exportedEvents(eventStore, filter), { objectMode: false, highWaterMark: 64 * 1024 });
}
