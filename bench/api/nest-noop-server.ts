/**
 * NestJS's floor for bench:api: the no-op routes of noop-server.ts behind a bare Nest application on the same
 * Fastify adapter the API uses (no guards, pipes, hooks or logging), run as its own process like the API. Beside
 * the Fastify no-op it splits the API's cost per request into the framework the stack fixes and what Claimtrail adds.
 */
import 'reflect-metadata';
import { Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';

@Controller('noop')
class NoopController {
  @Get()
  get(): { status: string } {
    return { status: 'ok' };
  }

  @Post()
  @HttpCode(201)
  post(): { id: string; version: number } {
    return { id: 'noop', version: 1 };
  }
}

@Module({ controllers: [NoopController] })
class NoopModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(NoopModule, new FastifyAdapter(), { logger: false });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
