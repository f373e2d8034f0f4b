import { Injectable } from '@nestjs/common';
import { Generated, Kysely, sql } from 'kysely';
import { Database, InjectDb } from '@claimtrail/database';
import { Role } from './role';

export interface ApiKeysTable {
  id: Generated<string>;
  name: string;
  role: Role;
  /** The non-secret part of the key (`ct_<prefix>_…`), to tell keys apart in listings. */
  prefix: string;
  /** Hex sha256 of the whole key; the key itself is never stored. */
  key_hash: string;
  created_at: Generated<Date>;
  /** Key id of the admin who created it (`bootstrap-admin` for the ADMIN_API_KEY). */
  created_by: string;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

declare module '@claimtrail/database' {
  interface Database {
    api_keys: ApiKeysTable;
  }
}

/** Columns safe to show an admin: everything but the hash. */
const listed = [
  'id',
  'name',
  'role',
  'prefix',
  'created_at as createdAt',
  'created_by as createdBy',
  'revoked_at as revokedAt',
  'last_used_at as lastUsedAt',
] as const;

@Injectable()
export class ApiKeyRepository {
  constructor(@InjectDb() private readonly db: Kysely<Database>) {}

  insert(key: { name: string; role: Role; prefix: string; keyHash: string; createdBy: string }) {
    return this.db
      .insertInto('api_keys')
      .values({ name: key.name, role: key.role, prefix: key.prefix, key_hash: key.keyHash, created_by: key.createdBy })
      .returning(['id', 'name', 'role', 'prefix', 'created_at as createdAt'])
      .executeTakeFirstOrThrow();
  }

  /** Inserts unless a key with the same hash exists; returns the new row's id, or undefined. */
  insertIfAbsent(key: { name: string; role: Role; prefix: string; keyHash: string; createdBy: string }) {
    return this.db
      .insertInto('api_keys')
      .values({ name: key.name, role: key.role, prefix: key.prefix, key_hash: key.keyHash, created_by: key.createdBy })
      .onConflict((oc) => oc.column('key_hash').doNothing())
      .returning('id')
      .executeTakeFirst();
  }

  /**
   * The unrevoked key with this hash. Looking a hash up by equality leaks at most, through
   * timing, how much of a stored hash a guess's hash shares, which helps nobody find a key.
   */
  findActiveByHash(keyHash: string) {
    return this.db
      .selectFrom('api_keys')
      .select(['id', 'role'])
      .where('key_hash', '=', keyHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  }

  list() {
    return this.db.selectFrom('api_keys').select(listed).orderBy('created_at').orderBy('id').execute();
  }

  /** Revokes once: revoking again keeps the first revocation time. Undefined when no such key. */
  revoke(id: string) {
    return this.db
      .updateTable('api_keys')
      .set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
      .where('id', '=', id)
      .returning(listed)
      .executeTakeFirst();
  }

  /** How many sessions with this application_name are connected to this database. */
  async countSessions(applicationName: string): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = ${applicationName}
    `.execute(this.db);
    return rows[0].n;
  }

  /** Records a use of each key, in one statement; at most once a minute per key even across processes. */
  async touch(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('api_keys')
      .set({ last_used_at: sql<Date>`now()` })
      .where('id', 'in', ids)
      .where((eb) =>
        eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]),
      )
      .execute();
  }
}
