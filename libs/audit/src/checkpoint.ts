import { createHash, createPublicKey, KeyObject, verify } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '@claimtrail/event-store';

/** A signed checkpoint as exported (`GET /audit/checkpoints`) and as auditors keep it. */
export const checkpointSchema = z
  .object({
    position: z.number().int().min(0).describe('The last position covered (the cursor with transactionId)'),
    transactionId: z
      .string()
      .regex(/^[0-9]{1,20}$/)
      .describe('The transaction of the last event covered: the cursor is (transactionId, position)'),
    count: z.number().int().min(0).describe('Events covered: every event at or before the cursor'),
    head: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .describe('The log chain head over those events (see the README: Audit: proving history)'),
    keyId: z
      .string()
      .regex(/^[0-9a-f]{32}$/)
      .describe('The signing key: the first 32 hex digits of sha256(SPKI DER)'),
    signature: z.string().min(1).max(200).describe('Ed25519 over the canonical checkpoint, base64'),
    createdAt: z.iso.datetime().describe('When it was signed (UTC, milliseconds)'),
  })
  .strict();

export type Checkpoint = z.infer<typeof checkpointSchema>;

/** What a checkpoint signs: everything but the signature. */
export type CheckpointBody = Omit<Checkpoint, 'signature'>;

/**
 * The signed bytes: a domain tag, then the canonical JSON (JCS) of the body, so an auditor's
 * tool reproduces them from an exported checkpoint without Claimtrail's code.
 */
export function checkpointMessage(body: CheckpointBody): Buffer {
  const { count, createdAt, head, keyId, position, transactionId } = body;
  return Buffer.from(
    `claimtrail-checkpoint:v1\n${canonicalJson({ count, createdAt, head, keyId, position, transactionId })}`,
    'utf8',
  );
}

/** Whether `checkpoint` was signed by `publicKey` (and names it). */
export function checkpointSignedBy(checkpoint: Checkpoint, publicKey: KeyObject): boolean {
  if (checkpoint.keyId !== keyIdOf(publicKey)) return false;
  try {
    return verify(null, checkpointMessage(checkpoint), publicKey, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

/** The public key's id: the first 32 hex digits of sha256 over its SPKI DER encoding. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 32);
}

/** An Ed25519 public key from PEM text: a public key, or the private key it belongs to. */
export function ed25519PublicKey(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`not an Ed25519 key (${key.asymmetricKeyType})`);
  return key;
}
