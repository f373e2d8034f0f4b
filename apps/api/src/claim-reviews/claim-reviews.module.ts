import { Module } from '@nestjs/common';
import { ClaimReviewsController } from './claim-reviews.controller';

@Module({ controllers: [ClaimReviewsController] })
export class ClaimReviewsModule {}
