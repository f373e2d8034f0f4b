import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentRequestMetadata, RequestMetadata } from '@claimtrail/auth';
import { Endpoint } from '../http/endpoint.decorator';
import { ArticleIngestion, IngestedArticle } from './article-ingestion.service';
import { IngestArticleDto, IngestedArticleDto } from './articles.dto';

@ApiTags('articles')
@Controller('articles')
export class ArticlesController {
  constructor(private readonly ingestion: ArticleIngestion) {}

  @Post()
  @Endpoint({
    role: 'reporter',
    summary: 'Ingest an article into the searchable archive; with extractClaims: true, report its attributed claims',
    description:
      'Idempotent by URL: posting a URL again (by anyone, with or without Idempotency-Key) keeps the stored ' +
      'article, answers 200 with created: false and the same claims, and reports none twice.',
    ok: { type: IngestedArticleDto, description: 'The URL was already in the archive' },
    problems: [400, 413, 415],
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Accepted; the request is idempotent by the article URL anyway',
  })
  @ApiCreatedResponse({ type: IngestedArticleDto, description: 'The article is new in the archive' })
  async ingest(
    @Body() body: IngestArticleDto,
    @CurrentRequestMetadata() metadata: RequestMetadata,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IngestedArticle> {
    const result = await this.ingestion.ingest(body, metadata);
    void reply.status(result.article.created ? 201 : 200);
    return result;
  }
}
