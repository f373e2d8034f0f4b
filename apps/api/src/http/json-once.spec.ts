import { jsonOnce } from './json-once';

describe('jsonOnce', () => {
  afterEach(() => jest.restoreAllMocks());

  it('serializes an object once, however many times it is served', () => {
    const view = { id: 'c1', status: 'reported', evidence: [{ publisher: 'reuters' }] };
    const stringify = jest.spyOn(JSON, 'stringify');
    expect(jsonOnce(view)).toBe(JSON.stringify(view));
    stringify.mockClear();
    expect(jsonOnce(view)).toBe('{"id":"c1","status":"reported","evidence":[{"publisher":"reuters"}]}');
    expect(stringify).not.toHaveBeenCalled();
  });

  it('serializes each instance on its own, and values that are not objects as JSON does', () => {
    expect(jsonOnce({ version: 1 })).toBe('{"version":1}');
    expect(jsonOnce({ version: 2 })).toBe('{"version":2}');
    expect(jsonOnce(null)).toBe('null');
    expect(jsonOnce('text')).toBe('"text"');
  });
});
