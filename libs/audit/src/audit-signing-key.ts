import { createPrivateKey, createPublicKey, KeyObject, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Checkpoint, CheckpointBody, checkpointMessage, keyIdOf } from './checkpoint';

/**
 * The Ed25519 key that signs checkpoints, read from a PEM file (AUDIT_SIGNING_KEY_FILE)
 * that lives outside the database: whoever controls the database alone cannot sign.
 */
export class AuditSigningKey {
  readonly publicKey: KeyObject;
  readonly keyId: string;

  private constructor(private readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
    this.keyId = keyIdOf(this.publicKey);
  }

  /** Reads and checks the key file; the error names the file and what is wrong with it. */
  static fromPemFile(path: string): AuditSigningKey {
    let key: KeyObject;
    try {
      key = createPrivateKey(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new Error(`AUDIT_SIGNING_KEY_FILE ${path}: not a readable PEM private key (${(error as Error).message})`);
    }
    if (key.asymmetricKeyType !== 'ed25519')
      throw new Error(`AUDIT_SIGNING_KEY_FILE ${path}: an Ed25519 key is needed, this is ${key.asymmetricKeyType}`);
    return new AuditSigningKey(key);
  }

  /** The public key as SPKI PEM, for auditors. */
  get publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  sign(body: Omit<CheckpointBody, 'keyId'>): Checkpoint {
    const full = { ...body, keyId: this.keyId };
    return { ...full, signature: sign(null, checkpointMessage(full), this.privateKey).toString('base64') };
  }
}
