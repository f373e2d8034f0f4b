import type { EvidenceAttachedData } from '../../domain/claim.events';
import type { CommandMetadata, DecisionInput } from '../claim-writer.service';
import type { EvidenceToAttach } from './attach-evidence.command';

/**
 * The `EvidenceAttached` data of one piece of evidence: its publishers resolved in the
 * command's transaction (unknown ones added unrated), its finder and retrieval time filled in.
 */
export async function attachedEvidence(
  item: EvidenceToAttach,
  { now, resolvePublisher }: DecisionInput,
  metadata: CommandMetadata,
  newId: () => string,
): Promise<EvidenceAttachedData> {
  const { evidenceId, source, postedBy, retrievedAt, repeats: repeated, publisher: named, ...evidence } = item;
  const publisher = await resolvePublisher(named, evidence.url);
  const repeats = repeated === undefined ? undefined : (await resolvePublisher(repeated)).id;
  return {
    ...evidence,
    evidenceId: evidenceId ?? newId(),
    publisher: publisher.id,
    // A source name comes only from the workers' own commands (the API's body has no such field).
    attachedBy: source
      ? { kind: 'worker', source, ...(postedBy ? { postedBy: { keyId: postedBy.keyId, role: postedBy.role } } : {}) }
      : { kind: 'person', keyId: metadata.actor.keyId, role: metadata.actor.role },
    retrievedAt: retrievedAt ?? now.toISOString(),
    ...(repeats ? { repeats } : {}),
  };
}
