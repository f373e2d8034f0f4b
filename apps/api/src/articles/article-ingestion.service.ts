import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Kysely } from 'kysely';
import { v5 as uuidV5 } from 'uuid';
import type { RequestMetadata } from '@claimtrail/auth';
import { extractClaims, ExtractedClaim } from '@claimtrail/claim-extraction';
import { ClaimStatus, GetClaimStateQuery, PublisherRepository, ReportClaimCommand } from '@claimtrail/claims';
import { ARTICLE_INGESTED, ArticleRepository, articleStreamId } from '@claimtrail/corroboration';
import type { ArticleIngestedData, NewArticle } from '@claimtrail/corroboration';
import { Database, InjectDb } from '@claimtrail/database';
import { EventStore } from '@claimtrail/event-store';
import { IllegalTransition } from '@claimtrail/errors';

export interface ArticleToIngest {
  title: string;
  publisher: string;
  url: string;
  publishedAt: string;
  body: string;
  language: string;
  extractClaims: boolean;
}

export interface ArticleClaim {
  id: string;
  statement: string;
  claimant: string;
  attributionVerb: string;
  status: ClaimStatus;
  position: number;
}

export interface IngestedArticle {
  article: { id: string; url: string; created: boolean };
  claims: ArticleClaim[];
  position: number;
}

/** Namespace of the ids of claims found in articles. */
const ARTICLE_CLAIM_NAMESPACE = '5b0e6a52-3c1d-4f0b-a2d4-7f9e1c8b6d30';

/**
 * The id of a claim found in an article: derived from the article's URL and the claim's
 * place and words in it, so the claim is reported once however often — and by whomever —
 * the article is posted (a second report is refused as `claim-already-reported`).
 */
export function articleClaimId(url: string, claim: Pick<ExtractedClaim, 'offset' | 'statement'>): string {
  return uuidV5(`${url}\n${claim.offset}\n${claim.statement}`, ARTICLE_CLAIM_NAMESPACE);
}

/**
 * `POST /articles`: the article joins the archive (once per URL, its publisher resolved
 * in the registry), and on request its attributed claims are reported through the
 * CommandBus, each with its claimant and the article. A re-posted URL works on the stored
 * article, so the same claims come back and none is reported twice.
 */
@Injectable()
export class ArticleIngestion {
  constructor(
    private readonly articles: ArticleRepository,
    private readonly publishers: PublisherRepository,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly eventStore: EventStore,
    @InjectDb() private readonly db: Kysely<Database>,
  ) {}

  async ingest(input: ArticleToIngest, metadata: RequestMetadata): Promise<IngestedArticle> {
    const publisher = await this.publishers.resolve(input.publisher, input.url);
    const { id, created } = await this.store({ ...input, publisher: publisher.id, publishedAt: new Date(input.publishedAt) }, metadata);
    const article = { id, url: input.url, created };
    if (!input.extractClaims) return { article, claims: [], position: 0 };

    // The archive keeps an article's first version: its claims are the ones to report.
    const stored = created ? null : await this.articles.findByUrl(input.url);
    const source = stored ?? { ...input, publishedAt: new Date(input.publishedAt) };
    const storedPublisher = stored ? await this.publishers.resolve(stored.publisher) : publisher;
    const articleRef = {
      url: source.url,
      title: source.title,
      publisher: storedPublisher.id,
      publishedAt: (source.publishedAt ?? new Date(input.publishedAt)).toISOString(),
    };

    const claims: ArticleClaim[] = [];
    // One at a time, in article order: the claims' positions follow the text.
    for (const found of extractClaims(source.body, { publisher: storedPublisher.name })) {
      const claimId = articleClaimId(source.url, found);
      const command = new ReportClaimCommand(
        { claimId, text: found.statement, claimant: found.claimant, article: articleRef, citedUrls: [], language: source.language },
        metadata,
      );
      const { status, position } = await this.commands.execute(command).catch((error: unknown) => this.reportedBefore(claimId, error));
      claims.push({ id: claimId, statement: found.statement, claimant: found.claimant, attributionVerb: found.attributionVerb, status, position });
    }
    return { article, claims, position: Math.max(0, ...claims.map((c) => c.position)) };
  }

  /**
   * Stores the article and, when it is new, records `ArticleIngested` in the same
   * transaction: the re-check relay follows the log, so no stored article escapes it.
   */
  private store(article: NewArticle & { publishedAt: Date }, metadata: RequestMetadata): Promise<{ id: string; created: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      const result = await this.articles.ingest(article, trx);
      if (!result.created) return result;
      const data: ArticleIngestedData = {
        articleId: result.id,
        url: article.url,
        title: article.title,
        publisher: article.publisher,
        publishedAt: article.publishedAt.toISOString(),
        language: article.language ?? 'en',
      };
      const eventMetadata = { actor: metadata.actor, correlationId: metadata.correlationId, causationId: metadata.causationId };
      await this.eventStore.appendToStream(articleStreamId(result.id), [{ type: ARTICLE_INGESTED, data: { ...data }, metadata: eventMetadata }], {
        trx,
        expectedVersion: 'no_stream',
      });
      return result;
    });
  }

  /** The claim as it stands, when it was reported before (by an earlier post of the article); any other error is rethrown. */
  private async reportedBefore(claimId: string, error: unknown): Promise<{ status: ClaimStatus; position: number }> {
    if (!(error instanceof IllegalTransition && error.rule === 'claim-already-reported')) throw error;
    const { state, position } = await this.queries.execute(new GetClaimStateQuery(claimId));
    if (state.status === 'none') throw error;
    return { status: state.status, position };
  }
}
