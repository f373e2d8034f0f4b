import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Kysely } from 'kysely';
import { AppConfig } from '@claimtrail/config';
import { createKysely } from './create-kysely';
import { Database } from './database';

export const KYSELY = Symbol('KYSELY');

/** Injects the shared `Kysely<Database>`. */
export const InjectDb = (): ParameterDecorator => Inject(KYSELY);

@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@InjectDb() private readonly db: Kysely<Database>) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.destroy();
  }
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(applicationName: string): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: KYSELY,
          inject: [AppConfig],
          useFactory: (config: AppConfig) =>
            createKysely({
              url: config.database.url,
              poolSize: config.database.poolSize,
              idleTimeoutMs: config.database.poolIdleMs,
              applicationName,
            }),
        },
        DatabaseLifecycle,
      ],
      exports: [KYSELY],
    };
  }
}
