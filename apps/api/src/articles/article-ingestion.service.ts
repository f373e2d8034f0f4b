import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Kysely } from 'kysely';
import { v5 as uuidV5 } from 'uuid';
import type { RequestMetadata } from '@claimtrail/auth';
import type { ExtractedClaim } from '@claimtrail/claim-extraction';
import {
  ArticleRef,
  attributionOf,
  ClaimAttribution,
  ClaimStatus,
  GetClaimStateQuery,
  PublisherRepository,
  ReportClaimCommand,
} from '@claimtrail/claims';
import { ARTICLE_INGESTED, ArticleRepository, articleStreamId } from '@claimtrail/corroboration';
import type { ArticleIngestedData, NewArticle } from '@claimtrail/corroboration';
import { Database, InjectDb } from '@claimtrail/database';
import { EventStore } from '@claimtrail/event-store';
import { IllegalTransition } from '@claimtrail/errors';
import { ClaimExtractor } from './claim-extractor';

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
  attribution: ClaimAttribution;
  status: ClaimStatus;
  position: number;
}

/** How much of what the extractor found was reported: at most EXTRACTION_MAX_CLAIMS per article. */
export interface ExtractionSummary {
  found: number;
  reported: number;
  /** Found but not reported because of the cap (the claims after the first `maxClaims`, in article order). */
  skipped: number;
  maxClaims: number;
}

export interface IngestedArticle {
  article: { id: string; url: string; created: boolean };
  claims: ArticleClaim[];
  /** Null without extractClaims. */
  extraction: ExtractionSummary | null;
  position: number;
}

/** Namespace of the ids of claims found in articles. */
const ARTICLE_CLAIM_NAMESPACE = '5b0e6a52-3c1d-4f0b-a2d4-7f9e1c8b6d30';

/**
 * The id of a claim found in an article: derived from the article's URL and the claim's
 * place and words in it, so the claim is reported once however often — and by whomever —
 * the article is posted (a second report is refused as `claim-already-reported`).
 */
export function articleClaimId(url: string, claim: Pick<ExtractedClaim, 'offset' | 'statement' | 'part'>): string {
  // A headline's offsets count within the title: marked, so they never meet a body claim's.
  const place = claim.part === 'title' ? `title:${claim.offset}` : String(claim.offset);
  return uuidV5(`${url}\n${place}\n${claim.statement}`, ARTICLE_CLAIM_NAMESPACE);
}

/** An article as stored, or as posted when new: what its claims are extracted from. */
interface SourceArticle {
  url: string;
  title: string;
  body: string;
  language: string;
  publishedAt: Date;
  /** Publisher id or name. */
  publisher: string;
}

/**
 * `POST /articles`: the article joins the archive (once per URL, its publisher resolved
 * in the registry), and on request its attributed claims are reported through the
 * CommandBus, each with its claimant, its attribution and the article. A re-posted URL
 * works on the stored article, so the same claims come back and none is reported twice.
 * Extraction runs on worker threads before anything is stored: an article over the time
 * budget leaves nothing behind.
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
    private readonly extractor: ClaimExtractor,
  ) {}

  async ingest(input: ArticleToIngest, metadata: RequestMetadata): Promise<IngestedArticle> {
    if (!input.extractClaims) {
      const publisher = await this.publishers.resolve(input.publisher, input.url);
      const { id, created } = await this.store(newArticle(input, publisher.id), metadata);
      return { article: { id, url: input.url, created }, claims: [], extraction: null, position: 0 };
    }
    // The archive keeps an article's first version: its claims are the ones to report.
    const stored = await this.articles.findByUrl(input.url);
    const source: SourceArticle = stored
      ? { ...stored, publishedAt: stored.publishedAt ?? new Date(input.publishedAt) }
      : { ...input, publishedAt: new Date(input.publishedAt) };
    const known = await this.publishers.find(source.publisher, stored ? undefined : source.url);
    const outcome = await this.extractor.extract({
      body: source.body,
      title: source.title,
      publisher: known?.name ?? source.publisher,
    });

    const publisher = await this.publishers.resolve(source.publisher, source.url);
    const { id, created } = await this.store(newArticle(input, publisher.id), metadata);
    // Someone else stored this URL since it was read: report the claims of their version.
    if (!stored && !created) return this.ingest(input, metadata);

    const articleRef = {
      url: source.url,
      title: source.title,
      publisher: publisher.id,
      publishedAt: source.publishedAt.toISOString(),
    };
    const claims: ArticleClaim[] = [];
    // One at a time, in article order: the claims' positions follow the text.
    for (const found of outcome.claims) claims.push(await this.report(found, articleRef, source.language, metadata));
    const { found, maxClaims } = outcome;
    return {
      article: { id, url: input.url, created },
      claims,
      extraction: { found, reported: claims.length, skipped: found - claims.length, maxClaims },
      position: Math.max(0, ...claims.map((c) => c.position)),
    };
  }

  private async report(found: ExtractedClaim, article: ArticleRef, language: string, metadata: RequestMetadata) {
    const claimId = articleClaimId(article.url, found);
    const { statement, claimant, attribution, attributionVerb } = found;
    const payload = { claimId, text: statement, claimant, attribution, article, citedUrls: [], language };
    const { status, position } = await this.commands
      .execute(new ReportClaimCommand(payload, metadata))
      .catch((error: unknown) => this.reportedBefore(claimId, error));
    const claim: ArticleClaim = {
      id: claimId,
      statement,
      claimant,
      attributionVerb,
      attribution: attributionOf(attribution),
      status,
      position,
    };
    return claim;
  }

  /**
   * Stores the article and, when it is new, records `ArticleIngested` in the same
   * transaction: the re-check relay follows the log, so no stored article escapes it.
   */
  private store(
    article: NewArticle & { publishedAt: Date },
    metadata: RequestMetadata,
  ): Promise<{ id: string; created: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      // The poster is kept with the article: evidence a worker reads from it is that key's word (see the README's trust model).
      const { keyId, role } = metadata.actor;
      const result = await this.articles.ingest({ ...article, postedBy: { keyId, role } }, trx);
      if (!result.created) return result;
      const data: ArticleIngestedData = {
        articleId: result.id,
        url: article.url,
        title: article.title,
        publisher: article.publisher,
        publishedAt: article.publishedAt.toISOString(),
        language: article.language ?? 'en',
      };
      const eventMetadata = {
        actor: metadata.actor,
        correlationId: metadata.correlationId,
        causationId: metadata.causationId,
      };
      await this.eventStore.appendToStream(
        articleStreamId(result.id),
        [{ type: ARTICLE_INGESTED, data: { ...data }, metadata: eventMetadata }],
        {
          trx,
          expectedVersion: 'no_stream',
        },
      );
      return result;
    });
  }

  /**
   * The claim as it stands, when it was reported before (by an earlier post of the article); any other error is
   * rethrown.
   */
  private async reportedBefore(claimId: string, error: unknown): Promise<{ status: ClaimStatus; position: number }> {
    if (!(error instanceof IllegalTransition && error.rule === 'claim-already-reported')) throw error;
    const { state, position } = await this.queries.execute(new GetClaimStateQuery(claimId));
    if (state.status === 'none') throw error;
    return { status: state.status, position };
  }
}

function newArticle(input: ArticleToIngest, publisherId: string): NewArticle & { publishedAt: Date } {
  return { ...input, publisher: publisherId, publishedAt: new Date(input.publishedAt) };
}
