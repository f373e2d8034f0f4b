import { ApiHarness, startApi } from './support/api-harness';
import { createKey } from './support/api-keys';
import { claimClient } from './support/claim-client';

describe('publishers registry (e2e)', () => {
  let api: ApiHarness;
  let editor: ReturnType<typeof claimClient>;

  beforeAll(async () => {
    api = await startApi();
    editor = claimClient(api, await createKey(api, 'editor'));
  });
  afterAll(() => api.close());

  it('adds a publisher (201) and rates an existing one (200)', async () => {
    const created = await editor.publisher({
      name: 'Reuters',
      domain: 'Reuters.com',
      ownerGroup: 'thomson-reuters',
      reliability: 0.9,
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe('/publishers/reuters');
    expect(created.json()).toEqual({
      id: 'reuters',
      name: 'Reuters',
      domain: 'reuters.com',
      ownerGroup: 'thomson-reuters',
      reliability: 0.9,
    });
    const updated = await editor.publisher({
      id: 'reuters',
      name: 'Reuters',
      domain: 'reuters.com',
      reliability: 0.95,
      ownerGroup: 'thomson-reuters',
    });
    expect(updated.statusCode).toBe(200);
    expect((await editor.call('GET', '/publishers/reuters')).json()).toMatchObject({
      reliability: 0.95,
      domain: 'reuters.com',
    });
  });

  it('defaults to an unrated publisher in an owner group of its own', async () => {
    const res = await editor.publisher({ name: 'Open Drone Watch' });
    expect(res.json()).toEqual({
      id: 'open-drone-watch',
      name: 'Open Drone Watch',
      domain: null,
      ownerGroup: 'open-drone-watch',
      reliability: null,
    });
  });

  it('pages by id', async () => {
    for (const name of ['Alpha', 'Beta', 'Gamma']) await editor.publisher({ name });
    const first = (await editor.call('GET', '/publishers?limit=2')).json();
    expect(first.items.map((p: { id: string }) => p.id)).toEqual(['alpha', 'beta']);
    const rest = (await editor.call('GET', `/publishers?limit=100&cursor=${first.nextCursor}`)).json();
    expect(rest.items.map((p: { id: string }) => p.id)).toEqual(['gamma', 'open-drone-watch', 'reuters']);
    expect(rest.nextCursor).toBeNull();
  });

  it('resolves evidence naming a known publisher by name, by its domain, or by its URL’s domain', async () => {
    const { id } = (await editor.report()).json();
    await editor.evidence(id, { publisher: 'REUTERS', stance: 'supports', url: 'https://www.reuters.com/a' });
    await editor.evidence(id, { publisher: 'Reuters UK', stance: 'neutral', url: 'https://uk.reuters.com/b' });
    await editor.evidence(id, { publisher: 'www.reuters.com', stance: 'refutes', url: 'https://reuters.com/c' });
    const evidence = (await editor.get(id)).json().evidence;
    expect(evidence.map((e: { publisher: string }) => e.publisher)).toEqual(['reuters', 'reuters', 'reuters']);
  });

  it('attributes a page off a publisher’s registered domain to an unrated publisher named after its host', async () => {
    const { id } = (await editor.report()).json();
    await editor.evidence(id, { publisher: 'Reuters', stance: 'supports', url: 'https://news.example.org/a' });
    await editor.evidence(id, { publisher: 'reuters', stance: 'refutes', url: 'https://reuters.com.example.org/b' });
    const evidence = (await editor.get(id)).json().evidence;
    expect(evidence.map((e: { publisher: string }) => e.publisher)).toEqual([
      'news-example-org-unrated',
      'reuters-com-example-org-unrated',
    ]);
    expect((await editor.call('GET', '/publishers/news-example-org-unrated')).json()).toEqual({
      id: 'news-example-org-unrated',
      name: 'news.example.org (unrated)',
      domain: 'news.example.org',
      ownerGroup: 'news-example-org-unrated',
      reliability: null,
    });
  });

  it.each([
    ['a reliability above 1', { name: 'X', reliability: 1.2 }, 'reliability'],
    ['a bad id', { id: 'Not Slug', name: 'X' }, 'id'],
    ['a bad domain', { name: 'X', domain: 'https://x.example/' }, 'domain'],
    ['a missing name', { reliability: 0.5 }, 'name'],
    ['an unknown field', { name: 'X', country: 'UK' }, 'country'],
  ])('rejects %s', async (_, body, field) => {
    const res = await editor.publisher(body);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toContainEqual(expect.objectContaining({ field }));
  });

  it('answers 404 for an unknown publisher', async () => {
    expect((await editor.call('GET', '/publishers/nobody')).statusCode).toBe(404);
  });
});
