import {
  attributionKindOf,
  classifyAttribution,
  describeAttributionKinds,
  negatesAttribution,
  statementIsCheckable,
} from './attribution';
import { extractClaims } from './extract-claims';

describe('attribution kinds', () => {
  it('reads the kind from the verb, ignoring auxiliaries', () => {
    expect(attributionKindOf('denied')).toBe('denies');
    expect(attributionKindOf('has denied')).toBe('denies');
    expect(attributionKindOf('vowed')).toBe('promises');
    expect(attributionKindOf('believes')).toBe('believes');
    expect(attributionKindOf('predicted')).toBe('predicts');
    expect(attributionKindOf('accused')).toBe('accuses');
    expect(attributionKindOf('questioned')).toBe('questions');
    expect(attributionKindOf('according to')).toBe('reports');
    expect(attributionKindOf('said')).toBe('asserts');
  });

  it('treats an unknown verb as an assertion', () => {
    expect(attributionKindOf('quipped')).toBe('asserts');
  });

  it('documents every kind once, with its verbs', () => {
    const kinds = describeAttributionKinds().map((k) => k.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(kinds).toEqual(['asserts', 'denies', 'believes', 'predicts', 'promises', 'accuses', 'questions', 'reports']);
    for (const k of describeAttributionKinds()) expect(k.verbs.length).toBeGreaterThan(0);
  });
});

describe('checkable statements', () => {
  it('holds a past fact checkable, a prediction, obligation or first-person feeling not', () => {
    expect(statementIsCheckable('Kyiv had any involvement')).toBe(true);
    expect(statementIsCheckable('Talks will resume next week')).toBe(false);
    expect(statementIsCheckable('The government must act')).toBe(false);
    expect(statementIsCheckable('I am delighted with the result')).toBe(false);
    expect(statementIsCheckable('Is this the end?')).toBe(false);
  });

  it('is not checkable when the kind is an opinion, vow or prediction, whatever the statement', () => {
    expect(classifyAttribution('vowed', 'The army retook the city', null).checkable).toBe(false);
    expect(classifyAttribution('believes', 'The army retook the city', null).checkable).toBe(false);
    expect(classifyAttribution('denied', 'The army retook the city', null).checkable).toBe(true);
  });
});

describe('quote kinds', () => {
  it('is direct when the quote is the statement, mixed when it is part of it, indirect without one', () => {
    expect(classifyAttribution('said', 'Nothing has been agreed', 'Nothing has been agreed').quote).toBe('direct');
    expect(
      classifyAttribution('said', 'There is clear evidence that drones are supplied', 'clear evidence').quote,
    ).toBe('mixed');
    expect(classifyAttribution('said', 'Nothing has been agreed', null).quote).toBe('indirect');
  });
});

describe('negated attributions', () => {
  it('sees a negation just before the verb', () => {
    expect(negatesAttribution('The ministry did not')).toBe(true);
    expect(negatesAttribution('The ministry didn’t')).toBe(true);
    expect(negatesAttribution('The ministry declined to')).toBe(true);
    expect(negatesAttribution('The ministry has')).toBe(false);
  });

  it('makes a negated attribution uncheckable as the claimant’s claim', () => {
    expect(classifyAttribution('confirm', 'The talks failed', null, true)).toMatchObject({
      negated: true,
      checkable: false,
    });
  });
});

describe('extracted claims carry their attribution', () => {
  it('records a denial as the denied proposition with kind denies', () => {
    const [claim] = extractClaims('Podolyak denied that Kyiv had any involvement.', { publisher: 'Reuters' });
    expect(claim).toMatchObject({
      statement: 'Kyiv had any involvement',
      claimant: 'Podolyak',
      attributionVerb: 'denied',
      attribution: { verb: 'denied', kind: 'denies', quote: 'indirect', checkable: true, negated: false },
    });
  });

  it('marks a direct quote and a prediction', () => {
    const [claim] = extractClaims('“Talks will resume next week,” said the minister.', { publisher: 'X' });
    expect(claim.attribution).toEqual({
      verb: 'said',
      kind: 'asserts',
      quote: 'direct',
      checkable: false,
      negated: false,
    });
  });
});

describe('headline claims', () => {
  it('extracts an attributed headline, marked as from the title', () => {
    const claims = extractClaims('The minister said the port would reopen.', {
      publisher: 'X',
      title: 'Chinese firms supply drones to Russia, official says',
    });
    expect(claims[0]).toMatchObject({
      part: 'title',
      claimant: 'official',
      statement: 'Chinese firms supply drones to Russia',
      offset: 0,
    });
    expect(claims[1]).toMatchObject({ part: 'body', claimant: 'the minister' });
  });
});
