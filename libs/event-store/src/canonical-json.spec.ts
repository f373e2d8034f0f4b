import fc from 'fast-check';
import { canonicalJson } from './canonical-json';
import { canonicalEventText, eventHash } from './event-hash';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('sorts by UTF-16 code units, as RFC 8785 does', () => {
    expect(canonicalJson({ '\u20ac': 1, '\ud83d\ude00': 2, a: 3, B: 4 })).toBe('{"B":4,"a":3,"€":1,"😀":2}');
  });

  it('drops what JSON.stringify drops and calls toJSON', () => {
    expect(
      canonicalJson({ u: undefined, f: () => 1, d: new Date('2026-01-02T03:04:05.678Z'), a: [undefined, NaN] }),
    ).toBe('{"a":[null,null],"d":"2026-01-02T03:04:05.678Z"}');
  });

  it('refuses what jsonb or JSON cannot hold', () => {
    expect(() => canonicalJson({ s: 'a\u0000b' })).toThrow(/u0000/);
    expect(() => canonicalJson({ n: 10n })).toThrow(/BigInt/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cycle/);
  });

  it('means what JSON.stringify means, and is a fixed point', () => {
    fc.assert(
      fc.property(
        fc.jsonValue().filter((v) => !JSON.stringify(v).includes('\\u0000')),
        (value) => {
          const canonical = canonicalJson(value);
          expect(JSON.parse(canonical)).toEqual(JSON.parse(JSON.stringify(value)));
          expect(canonicalJson(JSON.parse(canonical))).toBe(canonical);
        },
      ),
    );
  });
});

describe('event hash', () => {
  const event = {
    streamId: 'claim-1',
    streamVersion: 2,
    type: 'EvidenceAttached',
    data: { url: 'https://example.org', stance: 'supports' },
    metadata: { correlationId: 'c' },
    recordedAt: new Date('2026-01-02T03:04:05.678Z'),
  };

  it('hashes the documented canonical form, chained on the previous hash', () => {
    expect(canonicalEventText(event)).toBe(
      '{"data":{"stance":"supports","url":"https://example.org"},"metadata":{"correlationId":"c"},' +
        '"recordedAt":"2026-01-02T03:04:05.678Z","streamId":"claim-1","streamVersion":2,"type":"EvidenceAttached"}',
    );
    expect(eventHash('ab', event)).toMatch(/^[0-9a-f]{64}$/);
    expect(eventHash('ab', event)).not.toBe(eventHash('ac', event));
    expect(eventHash(null, event)).toBe(eventHash('', event));
  });
});
