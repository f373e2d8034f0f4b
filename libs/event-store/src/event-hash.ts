import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** The stored fields an event's hash covers. */
export interface HashedFields {
  streamId: string;
  streamVersion: number;
  type: string;
  data: unknown;
  metadata: unknown;
  recordedAt: Date;
}

/**
 * The canonical form of an event, reproducible by an auditor from an export:
 *
 *   canonical = JCS({ data, metadata, recordedAt, streamId, streamVersion, type })
 *
 * i.e. JSON with keys sorted, no whitespace, `recordedAt` as ISO-8601 UTC with
 * milliseconds (`2026-01-02T03:04:05.678Z`, the precision it is stored at), and
 *
 *   hash = lowercase hex of sha256(UTF-8 bytes of (prevHash ?? '') + canonical)
 *
 * chained per stream: `prevHash` is the hash of the stream's previous event, none for
 * version 1. `event_store_append` (the migration) builds the same text in SQL from the
 * canonical `data`/`metadata` text it also stores, so both sides agree byte for byte.
 * Hashes cover stored payloads: compare them with `raw` reads, not upcasted ones.
 */
export function canonicalEventText(event: HashedFields): string {
  return canonicalJson({
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt.toISOString(),
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    type: event.type,
  });
}

/** The chained hash of one event (see `canonicalEventText`). */
export function eventHash(prevHash: string | null, event: HashedFields): string {
  return createHash('sha256')
    .update((prevHash ?? '') + canonicalEventText(event), 'utf8')
    .digest('hex');
}
