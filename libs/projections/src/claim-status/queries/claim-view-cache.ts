import { BeforeApplicationShutdown, Injectable, OnModuleInit } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '@claimtrail/config';
import { NotificationListener } from '@claimtrail/database';
import { PROJECTION_SWAPPED_CHANNEL } from '../../rebuild/shadow-table';
import type { ClaimView } from './claim-view';

/** Channel the claim_status and similar_claims triggers notify (payload: a claim id, or '*'). */
const CLAIM_VIEWS_CHANNEL = 'claimtrail_claim_views';
/** The tables a claim's view is read from: a rebuild swapping one in may have changed any view. */
const VIEW_TABLES = new Set(['claim_status', 'similar_claims']);
/** Past this many remembered changes, every load still in flight is treated as raced. */
const MAX_REMEMBERED_CHANGES = 10_000;

interface Load {
  startedAt: number;
  view: Promise<ClaimView>;
}

/**
 * Claim views (`GET /claims/:id`) held in memory, dropped when a change to them commits: the
 * claim_status and similar_claims triggers notify the ids whose view changed, and a rebuild's
 * swap notifies its table (every view). While the notification connection is down it holds
 * nothing and every read goes to Postgres, so it never serves a view older than the last
 * notification delivered. A load that raced with a change to its claim is served to its own
 * callers but not kept; concurrent reads of one claim share one load.
 */
@Injectable()
export class ClaimViewCache implements OnModuleInit, BeforeApplicationShutdown {
  private readonly views: LRUCache<string, ClaimView> | null;
  private readonly loads = new Map<string, Load>();
  /** Ticks once per change heard; a load records it when it starts. */
  private clock = 0;
  /** When each claim last changed (bounded by MAX_REMEMBERED_CHANGES). */
  private readonly changedAt = new Map<string, number>();
  /** Loads started before this may have missed a change (everything changed, or too many to remember). */
  private horizon = 0;
  private readonly listener: NotificationListener;

  constructor(config: AppConfig) {
    const size = config.projections.claimViewCacheSize;
    this.views = size > 0 ? new LRUCache({ max: size }) : null;
    this.listener = new NotificationListener({
      url: config.database.url,
      channels: [CLAIM_VIEWS_CHANNEL, PROJECTION_SWAPPED_CHANNEL],
      applicationName: 'claimtrail-claim-views',
      onNotification: (channel, payload) => {
        if (channel === CLAIM_VIEWS_CHANNEL && payload !== '*') this.changed(payload);
        else if (channel === CLAIM_VIEWS_CHANNEL || VIEW_TABLES.has(payload)) this.changedAll();
      },
      // Whatever changed while nobody listened is unknown: start from empty, and hold nothing meanwhile.
      onListening: () => this.changedAll(),
      onLost: () => this.changedAll(),
    });
  }

  async onModuleInit(): Promise<void> {
    if (this.views) await this.listener.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.listener.stop();
  }

  /**
   * The view of `claimId` as held, or as `load` reads it. `fresherThan`: a held view must be at
   * or past this log position (read-your-writes), else it is read again.
   */
  async get(claimId: string, load: () => Promise<ClaimView>, fresherThan?: number): Promise<ClaimView> {
    if (!this.views || !this.listener.listening) return load();
    const key = claimId.toLowerCase();
    const held = this.views.get(key);
    if (held && (fresherThan === undefined || held.position >= fresherThan)) return held;
    const shared = this.loads.get(key);
    if (shared && !this.changedSince(key, shared.startedAt) && fresherThan === undefined) return shared.view;
    return this.load(key, load);
  }

  private async load(key: string, load: () => Promise<ClaimView>): Promise<ClaimView> {
    const started: Load = { startedAt: this.clock, view: load() };
    this.loads.set(key, started);
    try {
      const view = await started.view;
      if (this.listener.listening && !this.changedSince(key, started.startedAt)) this.views?.set(key, view);
      return view;
    } finally {
      if (this.loads.get(key) === started) this.loads.delete(key);
    }
  }

  private changedSince(key: string, tick: number): boolean {
    return this.horizon > tick || (this.changedAt.get(key) ?? -1) >= tick;
  }

  private changed(claimId: string): void {
    const key = claimId.toLowerCase();
    this.views?.delete(key);
    if (this.changedAt.size >= MAX_REMEMBERED_CHANGES) {
      this.changedAt.clear();
      this.horizon = this.clock + 1;
    }
    this.changedAt.set(key, this.clock++);
  }

  private changedAll(): void {
    this.views?.clear();
    this.changedAt.clear();
    this.horizon = ++this.clock;
  }
}
