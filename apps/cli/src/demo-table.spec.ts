import { attributionOf } from '@claimtrail/claims';
import { attributedStatement } from './demo-table';

describe('attributedStatement', () => {
  it('shows a denial as one, never as its text alone', () => {
    const denial = attributionOf({ verb: 'denied', kind: 'denies' });
    expect(attributedStatement('Kyiv had any involvement', denial)).toBe('denies: Kyiv had any involvement');
  });

  it('shows an opinion or prediction with its kind, a negated attribution as such', () => {
    expect(attributedStatement('it will rain', attributionOf({ kind: 'predicts' }))).toBe('predicts: it will rain');
    expect(attributedStatement('talks began', attributionOf({ verb: 'confirm', negated: true }))).toBe(
      'not asserts: talks began',
    );
  });

  it('shows a plain assertion as its text', () => {
    expect(attributedStatement('Kupol was sanctioned', attributionOf({ verb: 'said' }))).toBe('Kupol was sanctioned');
  });
});
