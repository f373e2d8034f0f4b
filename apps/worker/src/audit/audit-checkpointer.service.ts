import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { CheckpointWriter } from '@claimtrail/audit';
import { AppConfig } from '@claimtrail/config';
import { EventStore, ExclusiveLock } from '@claimtrail/event-store';

/** The checkpointer's lock name (in the subscribers' namespace). */
export const AUDIT_CHECKPOINTER_LOCK = 'audit-checkpointer';

/**
 * Signs a checkpoint of the log every AUDIT_CHECKPOINT_INTERVAL_MS (when a signing key is
 * configured), so history is anchored without anyone asking. Every worker runs one; an
 * ExclusiveLock (the subscribers' mechanism) keeps one active and lets a standby take over.
 * Each checkpoint folds only the events since the previous one.
 */
@Injectable()
export class AuditCheckpointer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('audit-checkpointer');
  private readonly lock: ExclusiveLock;
  private stopping = false;
  private wake: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private lastError = 0;

  constructor(
    eventStore: EventStore,
    private readonly writer: CheckpointWriter,
    private readonly config: AppConfig,
  ) {
    this.lock = eventStore.exclusiveLock(AUDIT_CHECKPOINTER_LOCK);
  }

  onApplicationBootstrap(): void {
    if (!this.writer.enabled) {
      this.logger.log('AUDIT_SIGNING_KEY_FILE is not set: no signed checkpoints are written');
      return;
    }
    this.running = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    await this.lock.release();
  }

  /** Whether this process is the active checkpointer. */
  get active(): boolean {
    return this.lock.held;
  }

  private async run(): Promise<void> {
    const intervalMs = this.config.audit.checkpointIntervalMs;
    while (!this.stopping) {
      try {
        if (await this.lock.acquire()) {
          const { checkpoint, created, eventsRead } = await this.writer.write();
          if (created)
            this.logger.log(
              `signed checkpoint at position ${checkpoint.position}: ${checkpoint.count} events (${eventsRead} new)`,
            );
        }
      } catch (error) {
        // An outage fails every attempt until it ends: say so now and then, not every interval.
        if (Date.now() - this.lastError > 60_000) {
          this.lastError = Date.now();
          this.logger.warn(`checkpoint failed, will retry: ${(error as Error).message}`);
        }
      }
      await this.sleep(this.lock.held ? intervalMs : Math.min(intervalMs, 1000) + this.lock.yieldingFor());
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
