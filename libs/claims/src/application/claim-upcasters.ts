import type { UpcasterRegistration } from '@claimtrail/event-store';
import { attributionOf } from '../domain/claim-attribution';
import type { AttachedBy } from '../domain/claim.events';

/** v2 `EvidenceAttached.foundBy`, as stored before `attachedBy` replaced it. */
type FoundBy = { kind: 'source'; source: string } | { kind: 'user'; keyId: string };

/**
 * `foundBy` → `attachedBy`: a user's key becomes the person, with the role the event recorded for
 * its actor (the key that called the endpoint); a source stays the worker's source.
 */
export function attachedByOf(foundBy: FoundBy, actor: { role: string } | undefined): AttachedBy {
  if (foundBy.kind === 'source') return { kind: 'worker', source: foundBy.source };
  return { kind: 'person', keyId: foundBy.keyId, role: actor?.role ?? 'unknown' };
}

/**
 * Claim events of older schema versions, lifted on every read (the stored rows and their
 * hashes stay as written). v1 → v2: `ClaimReported` gains `attribution`; a claim reported
 * before attributions were recorded reads as a checkable assertion whose verb is unknown.
 * v2 → v3: `EvidenceAttached`'s `foundBy` becomes `attachedBy` (v1 evidence had the v2 shape,
 * so its v1 → v2 step changes nothing).
 */
export const claimUpcasters: UpcasterRegistration[] = [
  { type: 'ClaimReported', fromSchemaVersion: 1, upcast: (data) => ({ ...data, attribution: attributionOf({}) }) },
  { type: 'EvidenceAttached', fromSchemaVersion: 1, upcast: (data) => data },
  {
    type: 'EvidenceAttached',
    fromSchemaVersion: 2,
    upcast: ({ foundBy, ...data }, event) => ({
      ...data,
      attachedBy: attachedByOf(foundBy as FoundBy, event.metadata.actor),
    }),
  },
];
