import { Module } from '@nestjs/common';
import { AuthModule } from '@claimtrail/auth';
import { ApiKeysController } from './api-keys.controller';

@Module({
  imports: [AuthModule],
  controllers: [ApiKeysController],
})
export class ApiKeysModule {}
