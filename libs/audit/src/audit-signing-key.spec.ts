import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditSigningKey } from './audit-signing-key';
import { checkpointMessage, checkpointSchema, checkpointSignedBy, ed25519PublicKey, keyIdOf } from './checkpoint';
import { EMPTY_LOG_HEAD, nextLogHead } from './log-chain';

describe('checkpoint signatures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'claimtrail-signing-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const keyAt = (name: string) => {
    const path = join(dir, name);
    writeFileSync(path, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    return AuditSigningKey.fromPemFile(path);
  };
  const key = keyAt('a.pem');
  const body = {
    transactionId: '1234',
    position: 42,
    count: 40,
    head: nextLogHead(EMPTY_LOG_HEAD, { position: 1, hash: 'a'.repeat(64) }),
    createdAt: '2026-12-01T10:00:00.000Z',
  };

  it('signs a checkpoint that verifies with the published public key, and matches the exported shape', () => {
    const checkpoint = key.sign(body);
    expect(checkpointSchema.parse(checkpoint)).toEqual(checkpoint);
    expect(checkpoint.keyId).toMatch(/^[0-9a-f]{32}$/);
    expect(checkpointSignedBy(checkpoint, ed25519PublicKey(key.publicKeyPem))).toBe(true);
  });

  it.each([
    ['count', { count: 39 }],
    ['head', { head: EMPTY_LOG_HEAD }],
    ['position', { position: 43 }],
    ['transactionId', { transactionId: '1235' }],
    ['createdAt', { createdAt: '2026-12-01T10:00:00.001Z' }],
  ])('refuses a checkpoint whose %s was changed after signing', (_, change) => {
    expect(checkpointSignedBy({ ...key.sign(body), ...change }, key.publicKey)).toBe(false);
  });

  it("refuses another key's checkpoint, and a garbled signature", () => {
    const other = keyAt('b.pem');
    expect(keyIdOf(other.publicKey)).not.toBe(key.keyId);
    expect(checkpointSignedBy(other.sign(body), key.publicKey)).toBe(false);
    expect(checkpointSignedBy({ ...key.sign(body), signature: 'not base64 at all' }, key.publicKey)).toBe(false);
  });

  it('signs bytes an auditor can rebuild: a tag, then the canonical JSON with sorted keys', () => {
    expect(checkpointMessage({ ...body, keyId: key.keyId }).toString('utf8')).toBe(
      `claimtrail-checkpoint:v1\n{"count":40,"createdAt":"2026-12-01T10:00:00.000Z","head":"${body.head}",` +
        `"keyId":"${key.keyId}","position":42,"transactionId":"1234"}`,
    );
  });

  it('chains the log head over position and event hash', () => {
    const a = { position: 1, hash: 'a'.repeat(64) };
    const b = { position: 2, hash: 'b'.repeat(64) };
    const head = nextLogHead(nextLogHead(EMPTY_LOG_HEAD, a), b);
    expect(head).toMatch(/^[0-9a-f]{64}$/);
    expect(nextLogHead(nextLogHead(EMPTY_LOG_HEAD, b), a)).not.toBe(head);
    expect(nextLogHead(nextLogHead(EMPTY_LOG_HEAD, a), { ...b, position: 3 })).not.toBe(head);
  });
});
