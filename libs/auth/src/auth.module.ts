import { Module } from '@nestjs/common';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyRepository } from './api-key.repository';
import { ApiKeyService } from './api-key.service';

/**
 * API keys and the guard that checks them. The app registers `ApiKeyGuard` as a global
 * guard (APP_GUARD); nothing is registered globally here.
 */
@Module({
  providers: [ApiKeyRepository, ApiKeyService, ApiKeyGuard],
  exports: [ApiKeyService, ApiKeyGuard],
})
export class AuthModule {}
