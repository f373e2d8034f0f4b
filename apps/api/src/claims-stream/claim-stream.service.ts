import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { AppConfig } from '@claimtrail/config';
import { ValidationFailed } from '@claimtrail/errors';
import { Cursor, EventStore } from '@claimtrail/event-store';
import type { ClaimFeedFilter } from './claim-feed-filter';
import { ClaimFeedRepository } from './claim-feed.repository';
import { ClaimFeedSession, FeedSink } from './claim-feed-session';

/**
 * The live feeds of this API process: one session per connected client, woken by the
 * event store's shared LISTEN connection and polling as well, all ended at shutdown.
 */
@Injectable()
export class ClaimStreamService implements OnModuleDestroy {
  private readonly logger = new Logger('claim-stream');
  private readonly open = new Set<{ session: ClaimFeedSession; end(): void }>();

  constructor(
    private readonly eventStore: EventStore,
    private readonly feed: ClaimFeedRepository,
    private readonly config: AppConfig,
  ) {}

  /** Where a client resumes: after its last event id (which must be a stored position), else at the current end. */
  async startCursor(lastEventId: number | undefined, field: string): Promise<Cursor> {
    if (lastEventId === undefined) return this.eventStore.currentCursor();
    const cursor = await this.eventStore.cursorAt(lastEventId);
    if (!cursor)
      throw new ValidationFailed([
        { field, rule: 'unknown_position', message: `No event has position ${lastEventId}` },
      ]);
    return cursor;
  }

  /** Streams to `res` (headers already sent) until the client leaves, is told to resume, or the process stops. */
  serve(res: ServerResponse, filter: ClaimFeedFilter, start: Cursor): void {
    const sink = responseSink(res);
    const s = this.config.stream;
    const session = new ClaimFeedSession(
      this.feed,
      sink,
      filter,
      {
        batchSize: s.batchSize,
        pollIntervalMs: this.config.eventStore.pollIntervalMs,
        heartbeatMs: s.heartbeatMs,
        maxBufferedBytes: s.maxBufferedBytes,
        stallTimeoutMs: s.stallTimeoutMs,
        retryMs: s.retryMs,
      },
      start,
    );
    const unwatch = this.eventStore.watchAppends(() => session.wakeUp());
    const entry = { session, end: () => res.end() };
    this.open.add(entry);
    res.on('close', () => session.stop());
    void session
      .run()
      .catch((error: unknown) => this.logger.warn(`feed ended by an error; the client resumes: ${String(error)}`))
      .finally(() => {
        unwatch();
        this.open.delete(entry);
        if (!res.writableEnded) res.end();
      });
  }

  /** How many clients this process streams to (metrics, tests). */
  get openStreams(): number {
    return this.open.size;
  }

  onModuleDestroy(): void {
    for (const { session, end } of this.open) {
      end();
      session.stop();
    }
  }
}

function responseSink(res: ServerResponse): FeedSink {
  return {
    write: (chunk) => void res.write(chunk),
    get bufferedBytes() {
      return res.writableLength;
    },
    get closed() {
      return res.destroyed || res.writableEnded;
    },
    end: () => res.end(),
    drained: (ms) =>
      new Promise((resolve) => {
        if (res.writableLength === 0) return resolve(true);
        const finish = (drained: boolean) => {
          clearTimeout(timer);
          res.off('drain', onDrain);
          res.off('close', onClose);
          resolve(drained);
        };
        const onDrain = () => finish(true);
        const onClose = () => finish(false);
        const timer = setTimeout(() => finish(false), ms);
        res.on('drain', onDrain);
        res.on('close', onClose);
      }),
  };
}
