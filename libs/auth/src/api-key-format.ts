import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * An API key reads `ct_<prefix>_<secret>`: `prefix` is 8 hex characters that name the key
 * in listings and logs without revealing it; `secret` is 32 random bytes in base64url.
 */
const API_KEY_FORMAT = /^ct_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/;

/** A freshly generated key: `key` is shown to its owner once; only `prefix` and `hash` are stored. */
export interface NewApiKey {
  key: string;
  prefix: string;
  hash: string;
}

/**
 * The stored form of a key: hex sha256. A slow password hash (bcrypt, argon2) exists to
 * make guessing low-entropy human passwords expensive; a key with 256 random bits cannot
 * be guessed at any hashing speed, so a fast hash loses nothing and keeps every request
 * to one indexed lookup.
 */
export function hashApiKey(key: string): string {
  return secretDigest(key).toString('hex');
}

/**
 * A secret's sha256: 32 bytes whatever the secret's length, so two digests compare in
 * constant time (digestsEqual) without leaking even the length of the expected secret; in
 * hex, a key's stored form — a request hashes its key once for both uses.
 */
export function secretDigest(secret: string): Buffer {
  // The one-shot hash: no Hash object per request.
  return hash('sha256', secret, 'buffer');
}

/** Whether two secrets' digests are equal, in constant time. */
export function digestsEqual(presented: Buffer, expected: Buffer): boolean {
  return timingSafeEqual(presented, expected);
}

export function newApiKey(): NewApiKey {
  const prefix = randomBytes(4).toString('hex');
  const key = `ct_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** The non-secret prefix of a well-formed key. */
export function apiKeyPrefix(key: string): string {
  return key.slice('ct_'.length, 'ct_'.length + 8);
}

/** Whether a presented token could be a Claimtrail key at all (saves a database lookup when not). */
export function isWellFormedApiKey(token: string): boolean {
  return API_KEY_FORMAT.test(token);
}
