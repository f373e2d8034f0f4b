import { presentedKey } from './queue-dashboard';

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
