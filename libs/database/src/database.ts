/**
 * The typed schema of Claimtrail's Postgres database. Each lib that owns tables adds
 * them by module augmentation, next to its migrations:
 *
 *   declare module '@claimtrail/database' {
 *     interface Database { events: EventsTable }
 *   }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database {}
