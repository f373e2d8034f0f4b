import { createHash } from 'node:crypto';
import { apiKeyPrefix, digestsEqual, hashApiKey, isWellFormedApiKey, newApiKey, secretDigest } from './api-key-format';

describe('API key format', () => {
  it('reads ct_<8 hex prefix>_<43 base64url characters, 32 random bytes>', () => {
    const { key, prefix } = newApiKey();
    expect(key).toMatch(/^ct_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`ct_${prefix}_`)).toBe(true);
    expect(apiKeyPrefix(key)).toBe(prefix);
    expect(Buffer.from(key.slice(12), 'base64url')).toHaveLength(32);
  });

  it('never repeats a key or a hash', () => {
    const keys = Array.from({ length: 200 }, () => newApiKey());
    expect(new Set(keys.map((k) => k.key)).size).toBe(200);
    expect(new Set(keys.map((k) => k.hash)).size).toBe(200);
  });

  it('stores the sha256 of the whole key, never the key', () => {
    const { key, hash } = newApiKey();
    expect(hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(hashApiKey(key)).toBe(hash);
    expect(hash).not.toContain(key.slice(12));
  });

  it('recognises its own keys and nothing else', () => {
    const { key } = newApiKey();
    expect(isWellFormedApiKey(key)).toBe(true);
    for (const token of [
      '',
      'ct_',
      key.slice(0, -1),
      `${key}x`,
      key.replace('ct_', 'xx_'),
      key.toUpperCase(),
      `${key.slice(0, -1)}=`,
    ]) {
      expect(isWellFormedApiKey(token)).toBe(false);
    }
  });

  it('compares secrets of any length by their digests', () => {
    const equal = (a: string, b: string) => digestsEqual(secretDigest(a), secretDigest(b));
    expect(equal('bootstrap-admin-key-0123456789', 'bootstrap-admin-key-0123456789')).toBe(true);
    expect(equal('bootstrap-admin-key-0123456789', 'bootstrap-admin-key-012345678')).toBe(false);
    expect(equal('', 'x')).toBe(false);
  });

  it('stores a key as the hex of the digest it is compared by', () => {
    const { key, hash } = newApiKey();
    expect(secretDigest(key).toString('hex')).toBe(hash);
  });
});
