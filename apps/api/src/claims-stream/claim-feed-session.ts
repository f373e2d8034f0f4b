import type { Cursor } from '@claimtrail/event-store';
import { ClaimFeedEvent, ClaimFeedFilter, matchesFeedFilter, sseMessage } from './claim-feed-filter';

/** Where a session writes: the HTTP response, as far as the feed needs it. */
export interface FeedSink {
  write(chunk: string): void;
  /** Bytes written but not yet taken by the client's socket. */
  readonly bufferedBytes: number;
  /** Resolves true once the buffer drained, false after `ms` (or when the client left). */
  drained(ms: number): Promise<boolean>;
  readonly closed: boolean;
  end(): void;
}

export interface FeedReader {
  next(after: Cursor, limit: number): Promise<{ events: ClaimFeedEvent[]; cursor: Cursor; full: boolean }>;
}

export interface FeedSettings {
  batchSize: number;
  pollIntervalMs: number;
  heartbeatMs: number;
  /** A client holding more unread bytes than this must drain within `stallTimeoutMs`, or is told to resume. */
  maxBufferedBytes: number;
  stallTimeoutMs: number;
  /** EventSource's reconnection delay, sent once at the start. */
  retryMs: number;
}

export type FeedEnd = 'client-closed' | 'told-to-resume';

/**
 * One SSE client: reads the log after its cursor page by page, writes the events its
 * filter passes, and waits for the next append (wake-up) or poll. It reads the next page
 * only once the client has taken the last one, so a slow client costs one page of memory;
 * a client that stops reading is sent a `resume` event naming its last id and closed —
 * its EventSource reconnects with `Last-Event-ID` and continues without a gap.
 */
export class ClaimFeedSession {
  private cursor: Cursor;
  private lastEventId: number | null;
  private wake: (() => void) | null = null;
  private woken = false;

  constructor(
    private readonly reader: FeedReader,
    private readonly sink: FeedSink,
    private readonly filter: ClaimFeedFilter,
    private readonly settings: FeedSettings,
    start: Cursor,
  ) {
    this.cursor = start;
    this.lastEventId = start.position > 0 ? start.position : null;
  }

  /** Something was appended: look now rather than at the next poll. */
  wakeUp(): void {
    this.woken = true;
    this.wake?.();
  }

  async run(): Promise<FeedEnd> {
    this.sink.write(`retry: ${this.settings.retryMs}\n\n`);
    let lastWrite = Date.now();
    while (!this.sink.closed) {
      this.woken = false;
      const page = await this.reader.next(this.cursor, this.settings.batchSize);
      for (const event of page.events) {
        if (!matchesFeedFilter(event, this.filter)) continue;
        this.sink.write(sseMessage(event));
        this.lastEventId = event.position;
        lastWrite = Date.now();
      }
      this.cursor = page.cursor;
      if (
        this.sink.bufferedBytes > this.settings.maxBufferedBytes &&
        !(await this.sink.drained(this.settings.stallTimeoutMs))
      ) {
        return this.tellToResume();
      }
      if (page.full) continue;
      if (Date.now() - lastWrite >= this.settings.heartbeatMs) {
        this.sink.write(': heartbeat\n\n');
        lastWrite = Date.now();
      }
      await this.pause(Math.min(this.settings.pollIntervalMs, this.settings.heartbeatMs));
    }
    return 'client-closed';
  }

  private tellToResume(): FeedEnd {
    if (!this.sink.closed) {
      const data = JSON.stringify({
        reason: 'slow-client',
        lastEventId: this.lastEventId === null ? null : String(this.lastEventId),
      });
      this.sink.write(`event: resume\ndata: ${data}\n\n`);
      this.sink.end();
    }
    return 'told-to-resume';
  }

  private pause(ms: number): Promise<void> {
    if (this.woken || this.sink.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  /** Ends the wait at once (the client left). */
  stop(): void {
    this.wake?.();
  }
}
