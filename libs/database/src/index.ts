export type { Database } from './database';
export { createKysely } from './create-kysely';
export type { DatabaseOptions } from './create-kysely';
export { migrateToLatest, createDatabaseIfMissing } from './migrator';
export { DatabaseModule, InjectDb, KYSELY } from './database.module';
export { AdvisoryLockSpace, idempotencyLockName } from './advisory-locks';
export { NotificationListener } from './notification-listener';
export type { NotificationListenerOptions } from './notification-listener';
