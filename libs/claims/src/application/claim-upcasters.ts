import type { UpcasterRegistration } from '@claimtrail/event-store';
import { attributionOf } from '../domain/claim-attribution';

/**
 * Claim events of older schema versions, lifted on every read (the stored rows and their
 * hashes stay as written). v1 → v2: `ClaimReported` gains `attribution`; a claim reported
 * before attributions were recorded reads as a checkable assertion whose verb is unknown.
 */
export const claimUpcasters: UpcasterRegistration[] = [
  { type: 'ClaimReported', fromSchemaVersion: 1, upcast: (data) => ({ ...data, attribution: attributionOf({}) }) },
];
