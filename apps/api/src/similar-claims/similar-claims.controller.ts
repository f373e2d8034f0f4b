import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { GetSimilarClaimsQuery, SimilarClaim } from '@claimtrail/projections';
import { ClaimIdParams } from '../claims/claims.dto';
import { Endpoint } from '../http/endpoint.decorator';

/**
 * Claims that say the same thing, found from the log when each was reported; an editor confirms one with duplicate-of.
 */
@ApiTags('claims')
@Controller('claims')
export class SimilarClaimsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/similar')
  @Endpoint({
    role: 'any',
    summary:
      'Claims that say what this one says (near-verbatim or reworded), best first; confirm one with POST ' +
      '/claims/:id/duplicate-of',
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
                text: { type: 'string' },
                status: { type: 'string', nullable: true },
                duplicateOf: { type: 'string', nullable: true },
                score: { type: 'number', description: 'max(trigram, terms), 0..1' },
                trigram: { type: 'number', description: 'pg_trgm similarity' },
                terms: { type: 'number', description: 'overlap of the English lexeme sets (shared over the smaller)' },
                reported: {
                  type: 'string',
                  enum: ['earlier', 'later'],
                  description: 'reported before or after this claim',
                },
              },
            },
          },
        },
      },
    },
    problems: [400, 404],
  })
  similar(@Param() { id }: ClaimIdParams): Promise<{ items: SimilarClaim[] }> {
    return this.queries.execute(new GetSimilarClaimsQuery(id));
  }
}
