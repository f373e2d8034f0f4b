import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

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
  return createHash('sha256').update(key, 'utf8').digest('hex');
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

/**
 * Compares two secrets in constant time. Hashing both sides first gives equal-length
 * inputs to timingSafeEqual, so not even the length of the expected secret leaks.
 */
export function secretsEqual(presented: string, expected: string): boolean {
  return timingSafeEqual(
    createHash('sha256').update(presented).digest(),
    createHash('sha256').update(expected).digest(),
  );
}
