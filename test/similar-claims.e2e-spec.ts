import { ApiHarness, startApi } from './support/api-harness';
import { createKey } from './support/api-keys';
import { claimClient } from './support/claim-client';
import { eventually } from './support/worker-harness';

interface Similar {
  items: {
    claimId: string;
    text: string;
    score: number;
    trigram: number;
    terms: number;
    reported: string;
    duplicateOf: string | null;
  }[];
}

describe('Similar claims: found from the log when a claim is reported; GET /claims/:id/similar; confirmed with duplicate-of', () => {
  let api: ApiHarness;
  let reporter: ReturnType<typeof claimClient>;
  let editor: ReturnType<typeof claimClient>;

  beforeAll(async () => {
    api = await startApi();
    reporter = claimClient(api, await createKey(api, 'reporter'));
    editor = claimClient(api, await createKey(api, 'editor'));
  });
  afterAll(() => api?.close());

  const report = async (text: string) =>
    ((await reporter.report({ text, claimant: 'a western official' })).json() as { id: string }).id;
  const similar = async (id: string) => {
    const res = await reporter.call('GET', `/claims/${id}/similar`);
    return { status: res.statusCode, body: res.json() as Similar };
  };

  it("groups the seed story's near-identical claims, both ways, and leaves different claims apart", async () => {
    // The two pairs issue 14 names from the seed story (Sky News' article quoting the official and the embassy).
    const drones = await report(
      'There is clear evidence that Chinese companies are supplying military attack drones to Russia for the war in Ukraine',
    );
    const concern = await report('The allegation is deeply concerning');
    const sanctions = await report('Kupol was placed under US sanctions in December 2023');
    const weapons = await report(
      'There is clear evidence now that Chinese companies are supplying Russia with deadly weapons for its war in Ukraine',
    );
    const reports = await report('These reports are deeply concerning');

    let later!: { status: number; body: Similar };
    await eventually(
      async () => (later = await similar(weapons)).status === 200,
      'the similar_claims projector reached the claim',
    );
    expect(later.body.items.map((i) => i.claimId)).toEqual([drones]);
    expect(later.body.items[0]).toMatchObject({
      reported: 'earlier',
      text: expect.stringContaining('military attack drones'),
    });
    expect(later.body.items[0].score).toBeGreaterThanOrEqual(0.6);

    await eventually(async () => (await similar(reports)).status === 200, 'the last claim was projected');
    expect((await similar(reports)).body.items.map((i) => i.claimId)).toEqual([concern]);
    expect((await similar(drones)).body.items).toMatchObject([{ claimId: weapons, reported: 'later' }]);
    expect((await similar(sanctions)).body.items).toEqual([]);
    // The claim view carries them too.
    expect((await reporter.get(weapons)).json()).toMatchObject({
      similar: [{ claimId: drones, score: later.body.items[0].score }],
    });
  });

  it('lets an editor confirm a similar claim as a duplicate, and 404s a claim it does not know', async () => {
    const original = await report('Samples of the G3 drone were delivered to Kupol in Russia');
    const copy = await report('Samples of the G3 drone have been delivered to Kupol in Russia');
    await eventually(async () => (await similar(copy)).body.items?.length === 1, 'the copy was matched');
    expect(
      (
        await editor.call('POST', `/claims/${copy}/duplicate-of`, {
          duplicateOf: original,
          reason: 'Same claim, reworded',
        })
      ).statusCode,
    ).toBe(200);
    await eventually(
      async () => (await similar(original)).body.items[0]?.duplicateOf === original,
      'the duplicate shows in the similar list',
    );
    expect((await similar('00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
