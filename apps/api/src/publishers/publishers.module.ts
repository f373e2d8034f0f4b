import { Module } from '@nestjs/common';
import { ClaimsModule } from '@claimtrail/claims';
import { PublishersController } from './publishers.controller';

@Module({ imports: [ClaimsModule], controllers: [PublishersController] })
export class PublishersModule {}
