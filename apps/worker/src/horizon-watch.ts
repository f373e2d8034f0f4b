import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventStore } from '@claimtrail/event-store';

const CHECK_INTERVAL_MS = 10_000;
/** Held this long, a transaction is no longer an ordinary write in flight. */
const WARN_AFTER_MS = 30_000;

/**
 * Says who holds the subscribers back. The visibility horizon is server-wide: a session
 * idle in a transaction in ANY database of the Postgres server (another application's
 * included) keeps every Claimtrail subscriber — projections, relay — from passing events
 * committed after it began. Logs one warning per holding session naming its pid and
 * database (see the README: `idle_in_transaction_session_timeout`).
 */
@Injectable()
export class HorizonWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('horizon');
  private timer?: NodeJS.Timeout;
  private warnedPid: number | null = null;

  constructor(private readonly eventStore: EventStore) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.check().catch(() => undefined), CHECK_INTERVAL_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Warns once per session that has held committed events back for WARN_AFTER_MS; returns whether it warned. */
  async check(): Promise<boolean> {
    const { heldBack, heldBy } = await this.eventStore.horizonStatus();
    if (!heldBack || !heldBy || heldBy.heldForMs < WARN_AFTER_MS) {
      if (!heldBack) this.warnedPid = null;
      return false;
    }
    if (heldBy.pid === this.warnedPid) return false;
    this.warnedPid = heldBy.pid;
    this.logger.warn(
      `committed events are held back: pid ${heldBy.pid} in database "${heldBy.database ?? '?'}" (application ` +
        `"${heldBy.applicationName}", ${heldBy.state ?? 'unknown state'}) has been in one transaction for ` +
        `${Math.round(heldBy.heldForMs / 1000)} s; subscribers wait until it ends (see ` +
        `idle_in_transaction_session_timeout in the README)`,
    );
    return true;
  }
}
