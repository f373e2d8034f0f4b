import { Module } from '@nestjs/common';
import { ClaimsModule } from '@claimtrail/claims';
import { ArticleRepository } from '@claimtrail/corroboration';
import { ArticleIngestion } from './article-ingestion.service';
import { ClaimExtractor } from './claim-extractor';
import { ArticlesController } from './articles.controller';

@Module({
  imports: [ClaimsModule],
  controllers: [ArticlesController],
  providers: [ArticleRepository, ArticleIngestion, ClaimExtractor],
})
export class ArticlesModule {}
