import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  ClaimReviewDocument,
  ClaimReviewFeedPage,
  GetClaimReviewQuery,
  ListClaimReviewsQuery,
} from '@claimtrail/projections';
import { ClaimIdParams } from '../claims/claims.dto';
import { Endpoint } from '../http/endpoint.decorator';
import { ClaimReviewFeedQueryDto } from './claim-reviews.dto';

const claimReviewSchema = {
  type: 'object',
  description: 'schema.org ClaimReview (JSON-LD), as Google Fact Check and aggregators read it',
  required: ['@context', '@type', 'url', 'claimReviewed', 'reviewRating'],
  properties: {
    '@context': { type: 'string' },
    '@type': { type: 'string', enum: ['ClaimReview'] },
    url: { type: 'string' },
    claimReviewed: { type: 'string' },
    datePublished: { type: 'string' },
    author: { type: 'object' },
    itemReviewed: { type: 'object' },
    reviewRating: { type: 'object' },
  },
};

/** ClaimReview publishing: the verdicts editors set or confirmed, in the format search engines read. */
@ApiTags('claim-reviews')
@Controller()
export class ClaimReviewsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('claims/:id/claim-review')
  @Header('Content-Type', 'application/ld+json; charset=utf-8')
  @Endpoint({
    role: 'any',
    summary: "The claim's schema.org ClaimReview (JSON-LD); 404 unless an editor set or confirmed its status",
    ok: { schema: claimReviewSchema },
    problems: [400, 404],
  })
  @ApiProduces('application/ld+json')
  get(@Param() { id }: ClaimIdParams): Promise<ClaimReviewDocument> {
    return this.queries.execute(new GetClaimReviewQuery(id));
  }

  @Get('claim-reviews')
  @Endpoint({
    role: 'any',
    summary:
      'The CMS feed: editor-reviewed claims changed since a moment, oldest change first; withdrawn ones have ' +
      'inForce false and claimReview null',
    ok: {
      schema: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                claimId: { type: 'string' },
                updatedAt: { type: 'string' },
                inForce: { type: 'boolean' },
                claimReview: { ...claimReviewSchema, nullable: true },
              },
            },
          },
          nextCursor: { type: 'string', nullable: true },
        },
      },
    },
    problems: [400],
  })
  feed(@Query() query: ClaimReviewFeedQueryDto): Promise<ClaimReviewFeedPage> {
    return this.queries.execute(
      new ListClaimReviewsQuery({ since: new Date(query.since), cursor: query.cursor, limit: query.limit }),
    );
  }
}
