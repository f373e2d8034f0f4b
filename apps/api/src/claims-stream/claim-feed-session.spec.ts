import type { Cursor } from '@claimtrail/event-store';
import type { ClaimFeedEvent } from './claim-feed-filter';
import { ClaimFeedSession, FeedReader, FeedSettings, FeedSink } from './claim-feed-session';

const settings: FeedSettings = {
  batchSize: 2,
  pollIntervalMs: 10,
  heartbeatMs: 1000,
  maxBufferedBytes: 100,
  stallTimeoutMs: 20,
  retryMs: 500,
};

const event = (position: number, status: ClaimFeedEvent['claim']['status'] = 'reported'): ClaimFeedEvent => ({
  position,
  claimId: '0b6c3a0e-1c4f-4d7e-9a51-2f1f7c3d9e10',
  type: 'ClaimReported',
  version: 1,
  recordedAt: '2026-12-01T08:00:00.000Z',
  data: {},
  claim: { status, publisher: null, claimantPublisher: null },
});

/** A log of `events` served in pages of the requested size after a cursor. */
function logReader(events: ClaimFeedEvent[]): FeedReader & { reads: number } {
  const reader = {
    reads: 0,
    next: (after: Cursor, limit: number) => {
      reader.reads++;
      const page = events.filter((e) => e.position > after.position).slice(0, limit);
      const last = page[page.length - 1];
      return Promise.resolve({
        events: page,
        cursor: last ? { transactionId: '1', position: last.position } : after,
        full: page.length === limit,
      });
    },
  };
  return reader;
}

/** A client socket that takes nothing once `acceptBytes` are written (a stalled reader), or everything. */
interface TestSink extends FeedSink {
  text: string;
  closed: boolean;
}

function sink(acceptBytes = Number.POSITIVE_INFINITY): TestSink {
  let written = 0;
  const s: TestSink = {
    text: '',
    closed: false,
    write(chunk: string) {
      s.text += chunk;
      written += chunk.length;
    },
    get bufferedBytes() {
      return Math.max(0, written - acceptBytes);
    },
    drained: () => Promise.resolve(written <= acceptBytes),
    end() {
      s.closed = true;
    },
  };
  return s;
}

describe('ClaimFeedSession', () => {
  it('given a reading client, when the log has events, then it sends each with its position as id, page after page', async () => {
    const out = sink();
    const session = new ClaimFeedSession(logReader([event(1), event(2), event(5)]), out, {}, settings, {
      transactionId: '0',
      position: 0,
    });
    const running = session.run();
    await new Promise((resolve) => setTimeout(resolve, 50));
    out.closed = true;
    session.stop();
    expect(await running).toBe('client-closed');
    expect(out.text.startsWith('retry: 500\n\n')).toBe(true);
    expect([...out.text.matchAll(/^id: (\d+)$/gm)].map((m) => m[1])).toEqual(['1', '2', '5']);
  });

  it('given a client that stops reading, when more than the buffer limit waits, then it is told to resume from its last id and closed', async () => {
    const events = Array.from({ length: 50 }, (_, i) => event(i + 1));
    const reader = logReader(events);
    const out = sink(300);
    const session = new ClaimFeedSession(reader, out, {}, settings, { transactionId: '0', position: 0 });
    expect(await session.run()).toBe('told-to-resume');
    expect(out.closed).toBe(true);
    const ids = [...out.text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids.length).toBeLessThan(events.length);
    const resume = /event: resume\ndata: (.*)\n\n$/.exec(out.text);
    expect(JSON.parse(resume![1])).toEqual({ reason: 'slow-client', lastEventId: String(ids[ids.length - 1]) });
  });

  it('given a filter, when events do not match, then they are not sent but the cursor moves past them', async () => {
    const out = sink();
    const reader = logReader([event(1), event(2, 'denied'), event(3)]);
    const session = new ClaimFeedSession(reader, out, { statuses: ['denied'] }, settings, {
      transactionId: '0',
      position: 0,
    });
    const running = session.run();
    await new Promise((resolve) => setTimeout(resolve, 50));
    out.closed = true;
    session.stop();
    await running;
    expect([...out.text.matchAll(/^id: (\d+)$/gm)].map((m) => m[1])).toEqual(['2']);
  });

  it('given an idle log, when the heartbeat interval passes, then a comment keeps the connection alive', async () => {
    const out = sink();
    const session = new ClaimFeedSession(
      logReader([]),
      out,
      {},
      { ...settings, heartbeatMs: 30 },
      { transactionId: '0', position: 0 },
    );
    const running = session.run();
    await new Promise((resolve) => setTimeout(resolve, 120));
    out.closed = true;
    session.stop();
    await running;
    expect(out.text).toContain(': heartbeat\n\n');
  });
});
