import { LoggedEvent, matchingDeliveries } from './matching-deliveries';

const event = (position: number, transactionId: string, type: string): LoggedEvent => ({
  position,
  transactionId,
  eventId: `e${position}`,
  type,
  streamId: 'claim-1',
});

describe('matchingDeliveries', () => {
  const endpoint = (id: string, eventTypes: string[], start = { transactionId: '100', position: 10 }) => ({
    id,
    eventTypes,
    start,
  });

  it('gives each event to every endpoint asking for its type', () => {
    const matched = matchingDeliveries(
      [event(11, '101', 'ClaimReported'), event(12, '101', 'ClaimStatusChanged')],
      [endpoint('a', ['ClaimStatusChanged']), endpoint('b', ['ClaimReported', 'ClaimStatusChanged'])],
    );
    expect(matched.map((m) => `${m.endpointId}@${m.event.position}`)).toEqual(['b@11', 'a@12', 'b@12']);
  });

  it('gives an endpoint only events after its start cursor in (transaction, position) order', () => {
    const matched = matchingDeliveries(
      [
        event(9, '99', 'ClaimReported'), // before: an earlier transaction
        event(10, '100', 'ClaimReported'), // the cursor itself
        event(8, '101', 'ClaimReported'), // a lower position, committed after the cursor: delivered
        event(11, '100', 'ClaimReported'),
      ],
      [endpoint('a', ['ClaimReported'])],
    );
    expect(matched.map((m) => m.event.position)).toEqual([8, 11]);
  });
});
