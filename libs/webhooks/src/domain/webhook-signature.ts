import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'Claimtrail-Signature';
/** The header naming the event delivered (receivers de-duplicate retries by it). */
export const EVENT_ID_HEADER = 'Claimtrail-Event-Id';

/** Hex HMAC-SHA256 with key `secret` (its UTF-8 bytes) over `"<timestamp>.<raw body>"`. */
export function signaturePayloadDigest(secret: string, timestamp: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

/**
 * The `Claimtrail-Signature` value for `rawBody` sent at `timestamp` (unix seconds). The
 * timestamp is signed with the body, so a receiver that refuses old timestamps refuses
 * replays of a captured request too.
 */
export function signatureHeader(secret: string, rawBody: string, timestamp: number): string {
  return `t=${timestamp},v1=${signaturePayloadDigest(secret, timestamp, rawBody)}`;
}

export type SignatureCheck =
  { ok: true; timestamp: number } | { ok: false; reason: 'malformed' | 'mismatch' | 'too-old' | 'in-the-future' };

/**
 * What a receiver does (and what the tests do): parse the header, recompute the HMAC over
 * the raw body as received, compare in constant time, and refuse a timestamp more than
 * `toleranceSeconds` away from `now` (unix seconds). Any `v1` entry may match, so a
 * sender could sign with two secrets while one is rotated.
 */
export function verifySignature(
  header: string,
  secret: string,
  rawBody: string,
  { toleranceSeconds, now }: { toleranceSeconds: number; now: number },
): SignatureCheck {
  const entries = header.split(',').map((part) => {
    const eq = part.indexOf('=');
    return eq < 0 ? ['', ''] : [part.slice(0, eq).trim(), part.slice(eq + 1).trim()];
  });
  const t = entries.find(([key]) => key === 't')?.[1] ?? '';
  const signatures = entries.filter(([key]) => key === 'v1').map(([, value]) => value);
  if (!/^\d{1,12}$/.test(t) || signatures.length === 0) return { ok: false, reason: 'malformed' };
  const timestamp = Number(t);
  const expected = Buffer.from(signaturePayloadDigest(secret, timestamp, rawBody), 'hex');
  const matches = signatures.some((s) => {
    const given = Buffer.from(s, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) return { ok: false, reason: 'mismatch' };
  if (timestamp < now - toleranceSeconds) return { ok: false, reason: 'too-old' };
  if (timestamp > now + toleranceSeconds) return { ok: false, reason: 'in-the-future' };
  return { ok: true, timestamp };
}
