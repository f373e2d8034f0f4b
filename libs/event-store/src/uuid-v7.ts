import { randomUUID } from 'node:crypto';

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Generated event
 * ids are time-ordered, so the unique index on event_id grows at its right edge instead
 * of touching a random leaf page (and writing it whole to the WAL after a checkpoint)
 * on every append. The random bits come from randomUUID, whose entropy is pooled.
 */
export function uuidV7(now = Date.now()): string {
  const time = now.toString(16).padStart(12, '0');
  const random = randomUUID();
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15, 18)}-${random.slice(19)}`;
}
