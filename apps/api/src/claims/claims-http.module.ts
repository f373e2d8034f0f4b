import { Module } from '@nestjs/common';
import { ClaimsModule as ClaimsLibModule } from '@claimtrail/claims';
import { ClaimsController } from './claims.controller';

@Module({ imports: [ClaimsLibModule], controllers: [ClaimsController] })
export class ClaimsHttpModule {}
