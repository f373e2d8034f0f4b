import { Module } from '@nestjs/common';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyRepository } from './api-key.repository';
import { ApiKeyService } from './api-key.service';
import { RouteMetadata } from './route-metadata';

/**
 * API keys and the guard that checks them. The app registers `ApiKeyGuard` as a global
 * guard (APP_GUARD); nothing is registered globally here.
 */
@Module({
  providers: [ApiKeyRepository, ApiKeyService, ApiKeyGuard, RouteMetadata],
  exports: [ApiKeyService, ApiKeyGuard, RouteMetadata],
})
export class AuthModule {}
