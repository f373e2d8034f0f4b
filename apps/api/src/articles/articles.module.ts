import { Module } from '@nestjs/common';
import { ClaimsModule } from '@claimtrail/claims';
import { ArticleRepository } from '@claimtrail/corroboration';
import { ArticleIngestion } from './article-ingestion.service';
import { ArticlesController } from './articles.controller';

@Module({ imports: [ClaimsModule], controllers: [ArticlesController], providers: [ArticleRepository, ArticleIngestion] })
export class ArticlesModule {}
