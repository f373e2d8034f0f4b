import { createHash } from 'node:crypto';

/** The head of the empty log. */
export const EMPTY_LOG_HEAD = '0'.repeat(64);

/** What the log chain takes from one event: where it sits and its (per-stream chained) hash. */
export interface ChainedEvent {
  position: number;
  hash: string;
}

/**
 * One step of the log chain, a commitment over every event in the subscribers' gap-safe
 * order, (transaction id, position):
 *
 *   head_0 = 64 zeros;  head_n = hex(sha256(head_{n-1} + ":" + position_n + ":" + hash_n))
 *
 * Each event's `hash` already covers its stream, version, type, data, metadata, time and its
 * stream's previous hash; the log chain adds the position and every other stream, so an
 * edited event whose stream was re-chained, a deleted stream, or renumbered positions all
 * give another head than the one a checkpoint signed. An auditor recomputes it from the
 * NDJSON export (`GET /audit/events`, served in the same order).
 */
export function nextLogHead(head: string, event: ChainedEvent): string {
  return createHash('sha256').update(`${head}:${event.position}:${event.hash}`, 'utf8').digest('hex');
}
