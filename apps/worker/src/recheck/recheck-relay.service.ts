import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RequestCorroborationCommand } from '@claimtrail/claims';
import { AppConfig } from '@claimtrail/config';
import { ARTICLE_INGESTED, ArticleIngestedData } from '@claimtrail/corroboration';
import { IllegalTransition, Unavailable } from '@claimtrail/errors';
import { EventStore, RecordedEvent, Subscription } from '@claimtrail/event-store';
import { CLAIM_STATUS_PROJECTION, liveSubscriptionName } from '@claimtrail/projections';
import { RelatedClaimsRepository } from './related-claims.repository';

/** The re-check relay's subscriber name: its checkpoint and its lock. */
export const RECHECK_SUBSCRIPTION = 'recheck-relay';

/** The actor recorded on the rounds it requests. */
export const RECHECK_RELAY = { keyId: 'recheck-relay', role: 'system' } as const;

const DAY_MS = 24 * 3600 * 1000;

/**
 * Re-checks on new reporting: follows the log, and for each `ArticleIngested` asks for a
 * corroboration round on every open claim the article relates to (at most
 * RECHECK_MAX_CLAIMS, reported within RECHECK_WINDOW_DAYS), naming the article as the
 * round's reason. The round goes through the job relay as usual; the worker reads that
 * article whatever its archive rank, and the policy decides again. Each request carries
 * an idempotency key derived from (event, claim), so a replayed batch requests nothing twice.
 */
@Injectable()
export class RecheckRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('recheck-relay');
  private subscription: Subscription | null = null;

  constructor(
    private readonly eventStore: EventStore,
    private readonly related: RelatedClaimsRepository,
    private readonly commands: CommandBus,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.eventStore.subscribe(RECHECK_SUBSCRIPTION, (batch) => this.recheck(batch), {
      types: [ARTICLE_INGESTED],
      fromCheckpoint: 'start',
      retryDelayMs: 500,
      maxRetryDelayMs: 30_000,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.stop();
  }

  async recheck(batch: RecordedEvent[]): Promise<void> {
    for (const event of batch) {
      // Every claim reported before the article is in claim_status once its projector has passed the article's event.
      const caughtUp = await this.eventStore.waitUntilProcessed(
        liveSubscriptionName({ name: CLAIM_STATUS_PROJECTION }),
        event.position,
        { timeoutMs: 5000 },
      );
      if (!caughtUp) throw new Unavailable('claim_status has not caught up with the article yet');
      const article = event.data as unknown as ArticleIngestedData;
      const { windowDays, maxClaims, minSimilarity } = this.config.recheck;
      const claims = await this.related.find({
        articleId: article.articleId,
        reportedSince: new Date(event.recordedAt.getTime() - windowDays * DAY_MS),
        minSimilarity,
        limit: maxClaims,
      });
      for (const claim of claims) await this.request(claim.id, article, event);
    }
  }

  private async request(claimId: string, article: ArticleIngestedData, event: RecordedEvent): Promise<void> {
    const command = new RequestCorroborationCommand(
      {
        claimId,
        sources: ['archive'],
        reason: { kind: 'new-reporting', articleId: article.articleId, url: article.url },
      },
      {
        actor: RECHECK_RELAY,
        correlationId: event.metadata.correlationId ?? event.eventId,
        causationId: event.eventId,
        idempotencyKey: `recheck.${event.eventId}.${claimId}`,
      },
    );
    try {
      await this.commands.execute(command);
    } catch (error) {
      // A round already running (it searches the archive, article included), a duplicate, an uncheckable claim: nothing
      // to do.
      if (!(error instanceof IllegalTransition)) throw error;
      this.logger.debug(`claim ${claimId} not re-checked for ${article.url}: ${error.rule}`);
    }
  }
}
