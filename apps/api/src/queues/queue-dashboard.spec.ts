import { crossSiteReason, presentedKey } from './queue-dashboard';

describe('presentedKey', () => {
  const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;

  it('passes a Bearer header through', () => {
    expect(presentedKey('Bearer ct_abc_def')).toBe('Bearer ct_abc_def');
    expect(presentedKey(undefined)).toBeUndefined();
  });

  it('reads the key from a browser Basic login, whatever the user name', () => {
    expect(presentedKey(basic('admin:ct_abc_def'))).toBe('Bearer ct_abc_def');
    expect(presentedKey(basic(':ct_abc_def'))).toBe('Bearer ct_abc_def');
  });

  it('yields no key for Basic credentials without a password separator', () => {
    expect(presentedKey(basic('ct_abc_def'))).toBeUndefined();
  });
});

describe('crossSiteReason', () => {
  const basic = `Basic ${Buffer.from('admin:ct_abc_def').toString('base64')}`;
  const host = 'claimtrail.example:3000';

  it('lets reads through whatever their origin', () => {
    expect(crossSiteReason('GET', { host, authorization: basic, 'sec-fetch-site': 'cross-site' })).toBeUndefined();
  });

  it('refuses a state change a foreign site starts (issue 13, finding 5: a cross-site form POST with cached Basic credentials)', () => {
    expect(crossSiteReason('POST', { host, authorization: basic, 'sec-fetch-site': 'cross-site' })).toMatch(
      /Sec-Fetch-Site/,
    );
    expect(crossSiteReason('POST', { host, authorization: basic, 'sec-fetch-site': 'same-site' })).toMatch(
      /Sec-Fetch-Site/,
    );
    expect(crossSiteReason('PUT', { host, authorization: basic, origin: 'https://evil.example' })).toMatch(/Origin/);
    expect(
      crossSiteReason('DELETE', { host, authorization: 'Bearer ct_abc_def', origin: 'https://evil.example' }),
    ).toMatch(/Origin/);
  });

  it('needs positive proof of the same origin for Basic credentials', () => {
    expect(crossSiteReason('POST', { host, authorization: basic })).toMatch(/Basic/);
    expect(crossSiteReason('POST', { host, authorization: basic, 'sec-fetch-site': 'same-origin' })).toBeUndefined();
    expect(crossSiteReason('POST', { host, authorization: basic, origin: `http://${host}` })).toBeUndefined();
  });

  it('lets a Bearer client without browser headers change state', () => {
    expect(crossSiteReason('PUT', { host, authorization: 'Bearer ct_abc_def' })).toBeUndefined();
  });
});
