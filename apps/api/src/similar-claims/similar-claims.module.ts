import { Module } from '@nestjs/common';
import { SimilarClaimsController } from './similar-claims.controller';

@Module({ controllers: [SimilarClaimsController] })
export class SimilarClaimsModule {}
