import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { PublisherRepository } from './publisher.repository';

describe('PublisherRepository.findSpokenFor (real Postgres)', () => {
  let database: TestDatabase;
  let publishers: PublisherRepository;

  beforeAll(async () => {
    database = await createTestDatabase(2);
    publishers = new PublisherRepository(database.db);
    for (const [id, name, domain, ownerGroup] of [
      ['nato', 'NATO', 'nato.int', 'nato'],
      ['white-house', 'The White House', 'whitehouse.gov', 'us-government'],
      ['reuters', 'Reuters', 'reuters.com', 'thomson-reuters'],
      ['news-corp-times', 'The Times', 'thetimes.example', 'news-corp'],
      ['times-of-india', 'The Times of India', 'toi.example', 'bennett'],
      ['odd-name', 'C++ (Weekly)', 'cpp.example', 'odd'],
    ]) {
      await publishers.upsert({ id, name, domain, ownerGroup, reliability: 0.8 });
    }
  });
  afterAll(() => database.drop());

  it.each([
    ['Reuters', 'reuters'],
    ['reuters.com', 'reuters'],
    ['Farah Dakhlallah, the NATO spokesperson', 'nato'],
    ['a spokesperson for the NATO alliance', 'nato'],
    ['a White House spokesperson', 'white-house'],
    ['an editor at The Times of India', 'times-of-india'],
    ['a columnist for The Times', 'news-corp-times'],
    ['the C++ (Weekly) podcast', 'odd-name'],
    // An id beats a name standing in it ("Times" stands in "times-of-india" too): find's rank comes first.
    ['times-of-india', 'times-of-india'],
  ])('%s speaks for %s', async (claimant, id) => {
    expect((await publishers.findSpokenFor(claimant))?.id).toBe(id);
  });

  it.each(['a western official', 'the Chinese embassy in London', 'Natoshi, a blogger', 'a Reutersville resident'])(
    '%s speaks for no publisher, and none is added',
    async (claimant) => {
      const before = (await publishers.list({ limit: 100 })).length;
      expect(await publishers.findSpokenFor(claimant)).toBeUndefined();
      expect((await publishers.list({ limit: 100 })).length).toBe(before);
    },
  );
});
