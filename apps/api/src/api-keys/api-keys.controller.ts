import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { Actor, ApiKeyListing, ApiKeyService, CreatedApiKey, CurrentActor, Roles } from '@claimtrail/auth';
import { Endpoint } from '../http/endpoint.decorator';
import { ApiKeyIdParams, ApiKeyListDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-key.dto';

@ApiTags('api-keys')
@Roles('admin')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeyService) {}

  @Post()
  @Endpoint({ summary: 'Create an API key for a role (admin). The key is in this response only.' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(@Body() body: CreateApiKeyDto, @CurrentActor() actor: Actor): Promise<CreatedApiKey> {
    return this.apiKeys.create(body, actor);
  }

  @Get()
  @Endpoint({ summary: 'List API keys, revoked ones included, without secrets (admin)', ok: { type: ApiKeyListDto } })
  async list(): Promise<{ items: ApiKeyListing[] }> {
    return { items: await this.apiKeys.list() };
  }

  @Delete(':id')
  @HttpCode(204)
  @Endpoint({ summary: 'Revoke an API key (admin); its next request gets 401. Revoking twice is harmless.' })
  @ApiNoContentResponse()
  async revoke(@Param() { id }: ApiKeyIdParams): Promise<void> {
    await this.apiKeys.revoke(id);
  }
}
