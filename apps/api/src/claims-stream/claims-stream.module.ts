import { Module } from '@nestjs/common';
import { ClaimFeedRepository } from './claim-feed.repository';
import { ClaimStreamService } from './claim-stream.service';
import { ClaimsStreamController } from './claims-stream.controller';

@Module({ controllers: [ClaimsStreamController], providers: [ClaimFeedRepository, ClaimStreamService] })
export class ClaimsStreamModule {}
