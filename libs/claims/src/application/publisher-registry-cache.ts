import { BeforeApplicationShutdown, Injectable, OnModuleInit } from '@nestjs/common';
import { Kysely } from 'kysely';
import { AppConfig } from '@claimtrail/config';
import { Database, InjectDb, NotificationListener } from '@claimtrail/database';
import type { Publisher } from '../domain/publisher';

/** The channel the publishers trigger notifies at the commit of every change to the registry. */
const PUBLISHERS_CHANNEL = 'claimtrail_publishers';
/** A registry larger than this is not held in memory: its lookups stay in SQL. */
const MAX_CACHED_PUBLISHERS = 10_000;

/**
 * The whole publishers registry in memory, for the lookup every reported claim makes (whom the
 * claimant speaks for). It is only as good as the invalidations it hears: a change notification
 * (the publishers trigger, at the change's commit, in whatever process or psql session made it)
 * drops it in every process, and while the notification connection is down it answers nothing
 * (callers read Postgres), so it never serves a registry older than the last notification
 * delivered. A load that raced with a change is not kept (`generation`).
 */
@Injectable()
export class PublisherRegistryCache implements OnModuleInit, BeforeApplicationShutdown {
  private publishers: readonly Publisher[] | null = null;
  private loading: { generation: number; publishers: Promise<readonly Publisher[] | undefined> } | null = null;
  private generation = 0;
  private readonly listener: NotificationListener;

  constructor(
    @InjectDb() private readonly db: Kysely<Database>,
    config: AppConfig,
  ) {
    this.listener = new NotificationListener({
      url: config.database.url,
      channels: [PUBLISHERS_CHANNEL],
      applicationName: 'claimtrail-publishers',
      onNotification: () => this.invalidate(),
      // Whatever changed while nobody listened is unknown: start from empty, and hold nothing meanwhile.
      onListening: () => this.invalidate(),
      onLost: () => this.invalidate(),
    });
  }

  async onModuleInit(): Promise<void> {
    await this.listener.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.listener.stop();
  }

  /** Every registry entry, or undefined when memory cannot answer (not listening, or too large): read Postgres. */
  async all(): Promise<readonly Publisher[] | undefined> {
    if (!this.listener.listening) return undefined;
    if (this.publishers) return this.publishers;
    // Requests that arrive together share one load, unless the registry changed since it started.
    if (this.loading?.generation !== this.generation) {
      const loading = { generation: this.generation, publishers: this.load() };
      this.loading = loading;
      void loading.publishers.finally(() => {
        if (this.loading === loading) this.loading = null;
      });
    }
    return this.loading.publishers;
  }

  private async load(): Promise<readonly Publisher[] | undefined> {
    const generation = this.generation;
    const rows = await this.db
      .selectFrom('publishers')
      .select(['id', 'name', 'domain', 'owner_group as ownerGroup', 'reliability'])
      .orderBy('id')
      .limit(MAX_CACHED_PUBLISHERS + 1)
      .execute();
    if (rows.length > MAX_CACHED_PUBLISHERS) return undefined;
    if (this.listener.listening && generation === this.generation) this.publishers = rows;
    return rows;
  }

  /** Drops the registry held: the next lookup reads it again. */
  invalidate(): void {
    this.generation++;
    this.publishers = null;
  }
}
