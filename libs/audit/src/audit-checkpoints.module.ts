import { Global, Module } from '@nestjs/common';
import { AppConfig } from '@claimtrail/config';
import { AuditSigningKey } from './audit-signing-key';
import { CheckpointRepository } from './checkpoint.repository';
import { AUDIT_SIGNING_KEY, CheckpointWriter } from './checkpoint-writer';

/**
 * Signed checkpoints: the signing key (read once at boot; a bad key file stops the boot),
 * the stored checkpoints and their writer. Needs the DatabaseModule and the ConfigModule.
 */
@Global()
@Module({
  providers: [
    {
      provide: AUDIT_SIGNING_KEY,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        config.audit.signingKeyFile ? AuditSigningKey.fromPemFile(config.audit.signingKeyFile) : null,
    },
    CheckpointRepository,
    CheckpointWriter,
  ],
  exports: [AUDIT_SIGNING_KEY, CheckpointRepository, CheckpointWriter],
})
export class AuditCheckpointsModule {}
