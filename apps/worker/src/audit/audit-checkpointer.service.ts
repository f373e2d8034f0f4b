import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { CheckpointWriter } from '@claimtrail/audit';
import { AppConfig } from '@claimtrail/config';
import { EventStore } from '@claimtrail/event-store';
import { LeaderLoop } from '../leader-loop';

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
  private readonly loop: LeaderLoop;

  constructor(
    eventStore: EventStore,
    private readonly writer: CheckpointWriter,
    config: AppConfig,
  ) {
    this.loop = new LeaderLoop(eventStore.exclusiveLock(AUDIT_CHECKPOINTER_LOCK), {
      intervalMs: config.audit.checkpointIntervalMs,
      task: () => this.checkpoint(),
      logger: this.logger,
      name: 'checkpoint',
    });
  }

  onApplicationBootstrap(): void {
    if (!this.writer.enabled) {
      this.logger.log('AUDIT_SIGNING_KEY_FILE is not set: no signed checkpoints are written');
      return;
    }
    this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /** Whether this process is the active checkpointer. */
  get active(): boolean {
    return this.loop.active;
  }

  private async checkpoint(): Promise<void> {
    const { checkpoint, created, eventsRead } = await this.writer.write();
    if (created)
      this.logger.log(
        `signed checkpoint at position ${checkpoint.position}: ${checkpoint.count} events (${eventsRead} new)`,
      );
  }
}
