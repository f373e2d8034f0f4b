import { ApiHarness, startApi } from './support/api-harness';
import { createKey } from './support/api-keys';
import { claimClient } from './support/claim-client';

/** A refused write stores nothing — not even the publisher it named for the first time. */
describe('refused claim writes (e2e)', () => {
  let api: ApiHarness;
  let reporter: ReturnType<typeof claimClient>;
  let editor: ReturnType<typeof claimClient>;

  beforeAll(async () => {
    api = await startApi();
    reporter = claimClient(api, await createKey(api, 'reporter'));
    editor = claimClient(api, await createKey(api, 'editor'));
  });
  afterAll(() => api.close());

  const publisherExists = async (id: string) =>
    (await api.database.db.selectFrom('publishers').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

  it('adds no publisher when evidence names an unknown claim (404)', async () => {
    const res = await reporter.evidence('00000000-0000-4000-8000-000000000000', {
      publisher: 'Never Seen Gazette',
      stance: 'supports',
    });
    expect(res.statusCode).toBe(404);
    expect(await publisherExists('never-seen-gazette')).toBe(false);
  });

  it('adds no publisher when the domain refuses the evidence (409 on a duplicate claim)', async () => {
    const original = (await reporter.report()).json().id;
    const duplicate = (await reporter.report({ text: 'Chinese firms supply attack drones to Russia' })).json().id;
    expect(
      (await editor.call('POST', `/claims/${duplicate}/duplicate-of`, { duplicateOf: original, reason: 'same claim' }))
        .statusCode,
    ).toBe(200);
    const res = await reporter.evidence(duplicate, { publisher: 'Refused Weekly', stance: 'supports' });
    expect(res.statusCode).toBe(409);
    expect(await publisherExists('refused-weekly')).toBe(false);
  });

  it('adds the unknown publisher, unrated in its own group, when the write is accepted', async () => {
    const id = (await reporter.report()).json().id;
    expect((await reporter.evidence(id, { publisher: 'Brand New Courier', stance: 'supports' })).statusCode).toBe(200);
    const row = await api.database.db
      .selectFrom('publishers')
      .selectAll()
      .where('id', '=', 'brand-new-courier')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ owner_group: 'brand-new-courier', reliability: null });
  });
});
