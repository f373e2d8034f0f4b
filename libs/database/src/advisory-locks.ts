/**
 * Every Postgres advisory lock Claimtrail takes, in one place, so no two features pick the
 * same key. Two-key locks are `(space, hashtext(name))`; Postgres keeps them apart from
 * one-key (bigint) locks, which the idempotency keys use.
 */
export const AdvisoryLockSpace = {
  /** One stream's append (`event_store_append`, in the event store's migration SQL). */
  StreamAppend: 1215,
  /** One subscriber (or other single-active worker) name: the active instance holds it on a dedicated connection. */
  Subscription: 1216,
  /** One projection's rebuild or drift check, across processes. */
  ProjectionRebuild: 1217,
  /** Writing an audit checkpoint (key 0): the worker's periodic writer and on-demand requests take turns. */
  AuditCheckpoint: 1218,
} as const;

/** The text hashed (`hashtextextended(…, 0)`) into the one-key lock of an idempotency key, per API key. */
export const idempotencyLockName = (actorKeyId: string, idempotencyKey: string) =>
  `idempotency:${actorKeyId}:${idempotencyKey}`;
