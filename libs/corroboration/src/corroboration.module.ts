import { Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@claimtrail/config';
import { StanceModel } from '@claimtrail/stance';
import { ArticleRepository } from './archive/article.repository';
import { AdapterPolicies } from './runner/adapter-policy';
import { createAdapterPolicies, createSourceAdapters } from './source-adapters';

export const SOURCE_ADAPTERS = Symbol('SOURCE_ADAPTERS');

/** Injects the enabled `SourceAdapter[]`. */
export const InjectSourceAdapters = (): ParameterDecorator => Inject(SOURCE_ADAPTERS);

@Injectable()
class PoliciesLifecycle implements OnApplicationShutdown {
  constructor(private readonly policies: AdapterPolicies) {}

  async onApplicationShutdown(): Promise<void> {
    await this.policies.stop();
  }
}

/**
 * The corroboration sources: the enabled adapters (`SOURCE_ADAPTERS`), their policies
 * (`AdapterPolicies`, for `runAdapters`) and the archive's `ArticleRepository`. Needs the
 * global ConfigModule and DatabaseModule.
 */
@Module({
  providers: [
    ArticleRepository,
    { provide: AdapterPolicies, inject: [AppConfig], useFactory: createAdapterPolicies },
    // Loaded once at boot: a missing or corrupt weights file stops the process with a message naming it.
    {
      provide: StanceModel,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => StanceModel.load(config.corroboration.stanceModelFile),
    },
    {
      provide: SOURCE_ADAPTERS,
      inject: [AppConfig, ArticleRepository, StanceModel],
      useFactory: createSourceAdapters,
    },
    PoliciesLifecycle,
  ],
  exports: [ArticleRepository, AdapterPolicies, SOURCE_ADAPTERS],
})
export class CorroborationModule {}
