import { ApiKeyCache } from './api-key-cache';

const reporter = { keyId: 'k1', role: 'reporter' as const };

/** Whether the cache's owner is listening for key changes (the cache trusts itself only then). */
let listening = true;

function trustedCache(ttlMs = 1000) {
  listening = true;
  return new ApiKeyCache(ttlMs, () => listening);
}

describe('ApiKeyCache', () => {
  it('answers a stored key until its time is up', () => {
    const cache = trustedCache();
    cache.set('h1', reporter, 0, cache.generation);
    expect(cache.get('h1', 999)).toEqual(reporter);
    expect(cache.get('h1', 1000)).toBeUndefined();
  });

  it('forgets a key at once when told it changed, and only that key', () => {
    const cache = trustedCache();
    cache.set('h1', reporter, 0, cache.generation);
    cache.set('h2', { keyId: 'k2', role: 'editor' }, 0, cache.generation);
    cache.forget('k1');
    expect(cache.get('h1', 1)).toBeUndefined();
    expect(cache.get('h2', 1)).toEqual({ keyId: 'k2', role: 'editor' });
  });

  it('answers nothing and stores nothing while it is not trusted (no notifications heard)', () => {
    const cache = trustedCache();
    cache.set('h1', reporter, 0, cache.generation);
    listening = false;
    expect(cache.get('h1', 1)).toBeUndefined();
    cache.set('h2', reporter, 0, cache.generation);
    listening = true;
    expect(cache.get('h2', 1)).toBeUndefined();
  });

  it('does not store a lookup that started before an invalidation', () => {
    const cache = trustedCache();
    const generation = cache.generation;
    cache.forget('k1');
    cache.set('h1', reporter, 0, generation);
    expect(cache.get('h1', 1)).toBeUndefined();
  });

  it('caches nothing with a TTL of 0', () => {
    const cache = trustedCache(0);
    cache.set('h1', reporter, 0, cache.generation);
    expect(cache.get('h1', 0)).toBeUndefined();
  });
});
