import { signatureHeader, verifySignature } from './webhook-signature';

describe('the webhook signature', () => {
  const secret = 'whsec_test_secret';
  const body = '{"eventId":"e1","type":"ClaimStatusChanged"}';
  const t = 1_700_000_000;
  const window = { toleranceSeconds: 300, now: t + 10 };

  it('is t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")> (vector computed with openssl)', () => {
    // printf '%s' '1700000000.{"eventId":"e1","type":"ClaimStatusChanged"}' | openssl dgst -sha256 -hmac 'whsec_test_secret'
    expect(signatureHeader(secret, body, t)).toBe(
      't=1700000000,v1=994784e124eeaa640fdaf793915b3a038fc842b6963cfe239ba0e42045fbbec2',
    );
  });

  it('verifies what it signs, within the tolerance', () => {
    expect(verifySignature(signatureHeader(secret, body, t), secret, body, window)).toEqual({ ok: true, timestamp: t });
  });

  it('refuses another body, another secret, or a timestamp moved onto the same signature', () => {
    const header = signatureHeader(secret, body, t);
    expect(verifySignature(header, secret, body.replace('e1', 'e2'), window)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifySignature(header, 'whsec_other', body, window)).toEqual({ ok: false, reason: 'mismatch' });
    const moved = header.replace(`t=${t}`, `t=${t + 5}`);
    expect(verifySignature(moved, secret, body, window)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('refuses a replay older than the tolerance, and a timestamp too far ahead', () => {
    const header = signatureHeader(secret, body, t);
    expect(verifySignature(header, secret, body, { toleranceSeconds: 300, now: t + 301 })).toEqual({
      ok: false,
      reason: 'too-old',
    });
    expect(verifySignature(header, secret, body, { toleranceSeconds: 300, now: t - 301 })).toEqual({
      ok: false,
      reason: 'in-the-future',
    });
  });

  it('accepts any of several v1 signatures (secret rotation) and refuses malformed headers', () => {
    const other = signatureHeader('whsec_old', body, t).split(',')[1];
    expect(verifySignature(`${signatureHeader(secret, body, t)},${other}`, secret, body, window).ok).toBe(true);
    expect(verifySignature(`t=${t},${other}`, secret, body, window)).toEqual({ ok: false, reason: 'mismatch' });
    for (const malformed of ['', 'v1=abc', `t=${t}`, 't=soon,v1=ab', `t=${t},v1=zz`]) {
      expect(verifySignature(malformed, secret, body, window).ok).toBe(false);
    }
  });
});
