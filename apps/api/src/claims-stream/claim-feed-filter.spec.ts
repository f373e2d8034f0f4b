import { ClaimFeedEvent, matchesFeedFilter, sseMessage } from './claim-feed-filter';

const event = (over: Partial<ClaimFeedEvent> = {}): ClaimFeedEvent => ({
  position: 42,
  claimId: '0b6c3a0e-1c4f-4d7e-9a51-2f1f7c3d9e10',
  type: 'ClaimStatusChanged',
  version: 3,
  recordedAt: '2026-12-01T08:00:00.000Z',
  data: { from: 'reported', to: 'corroborated' },
  claim: { status: 'corroborated', publisher: 'bbc', claimantPublisher: null },
  ...over,
});

describe('matchesFeedFilter', () => {
  it('given no filter, when any event arrives, then it passes', () => {
    expect(matchesFeedFilter(event(), {})).toBe(true);
  });

  it('given a status filter, when the claim is in another status after the event, then it is left out', () => {
    expect(matchesFeedFilter(event(), { statuses: ['denied'] })).toBe(false);
    expect(matchesFeedFilter(event(), { statuses: ['denied', 'corroborated'] })).toBe(true);
  });

  it('given claim ids, when the event is of another claim, then it is left out', () => {
    expect(matchesFeedFilter(event(), { claimIds: ['5a0d7c4e-0000-4000-8000-000000000000'] })).toBe(false);
    expect(matchesFeedFilter(event(), { claimIds: [event().claimId] })).toBe(true);
  });

  it('given a publisher, when it is the article publisher or the one the claimant speaks for, then it passes', () => {
    expect(matchesFeedFilter(event(), { publisher: 'bbc' })).toBe(true);
    expect(
      matchesFeedFilter(event({ claim: { status: 'reported', publisher: 'sky-news', claimantPublisher: 'reuters' } }), {
        publisher: 'reuters',
      }),
    ).toBe(true);
    expect(matchesFeedFilter(event(), { publisher: 'reuters' })).toBe(false);
  });

  it('given types, when the event is of another type, then it is left out', () => {
    expect(matchesFeedFilter(event(), { types: ['EvidenceAttached'] })).toBe(false);
  });
});

describe('sseMessage', () => {
  it('names the position as id and the event type as the SSE event, with the event as one data line', () => {
    const message = sseMessage(event({ data: { reason: 'line one\nline two' } }));
    expect(message.startsWith('id: 42\nevent: ClaimStatusChanged\ndata: {')).toBe(true);
    expect(message.endsWith('}\n\n')).toBe(true);
    expect(message.split('\n')).toHaveLength(5);
  });
});
