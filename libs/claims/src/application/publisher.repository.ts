import { Injectable, Optional } from '@nestjs/common';
import { ColumnType, CompiledQuery, ExpressionBuilder, Generated, Kysely, sql } from 'kysely';
import { Database, InjectDb, prepared } from '@claimtrail/database';
import { Publisher, PublisherRegistry, unratedPublisher } from '../domain/publisher';
import { bareName, nameStandsIn } from './name-stands-in';
import { PublisherRegistryCache } from './publisher-registry-cache';

export interface PublishersTable {
  id: string;
  name: string;
  domain: string | null;
  owner_group: string;
  /** 0..1; null = unrated. */
  reliability: number | null;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

declare module '@claimtrail/database' {
  interface Database {
    publishers: PublishersTable;
  }
}

const columns = ['id', 'name', 'domain', 'owner_group as ownerGroup', 'reliability'] as const;

/** A new registry entry for `name`: its slug as id and owner group, unrated. */
const unrated = (name: string): Publisher => ({ ...unratedPublisher(publisherSlug(name)), name });

/** `Sky News` → `sky-news`: the id a publisher known only by name gets. */
export function publisherSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-') // from here on, dashes come one at a time
    .replace(/^-|-$/g, '')
    .slice(0, 64)
    .replace(/-$/, '');
  return slug || 'unnamed';
}

/** The host of a URL without `www.`, or null. */
export function domainOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/** Whether `host` is `domain` or one of its subdomains (`home.treasury.gov` is on `treasury.gov`). */
export function isOnDomain(host: string, domain: string): boolean {
  const registered = domain.toLowerCase().replace(/^www\./, '');
  return host === registered || host.endsWith(`.${registered}`);
}

/** `news.example.org` and its parents down to two labels: the domains a publisher registered for it may have. */
function domainsAbove(host: string): string[] {
  const labels = host.split('.');
  return labels.slice(0, Math.max(1, labels.length - 1)).map((_, i) => labels.slice(i).join('.'));
}

/**
 * The publishers a name denotes — by id, its slug, name (any case), the domain it is, or the
 * domain of `url` — and their rank: an exact id first, then the slug, a name, a publisher named
 * by its domain, the URL's domain (a rank of 5 is no match).
 */
function denotedBy(nameOrId: string, url?: string) {
  const slug = publisherSlug(nameOrId);
  const domain = domainOf(url);
  const named = nameOrId.toLowerCase().replace(/^www\./, '');
  const lowered = nameOrId.toLowerCase();
  return {
    where: (eb: ExpressionBuilder<Database, 'publishers'>) =>
      eb.or([
        eb('id', '=', nameOrId),
        eb('id', '=', slug),
        eb(eb.fn('lower', ['name']), '=', lowered),
        eb('domain', '=', named),
        ...(domain ? [eb('domain', '=', domain)] : []),
      ]),
    rank: sql`CASE WHEN id = ${nameOrId} THEN 0 WHEN id = ${slug} THEN 1 WHEN lower(name) = ${lowered} THEN 2 WHEN domain = ${named} THEN 3 WHEN domain = ${domain} THEN 4 ELSE 5 END`,
  };
}

/**
 * The first row of a registry lookup, as a prepared statement: these run on every claim and
 * evidence write, where planning the regular expressions and ranks cost more than running them.
 */
async function first<R>(db: Kysely<Database>, query: { compile(): CompiledQuery<R> }): Promise<R | undefined> {
  const { rows } = await db.executeQuery(prepared(query.compile()));
  return rows[0];
}

/** Ranks 0–3 of `denotedBy`'s SQL for a registry entry: the exact id, the slug, the name in any case, the domain. */
function namedRank(nameOrId: string): (p: Publisher) => number | undefined {
  const slug = publisherSlug(nameOrId);
  const lowered = nameOrId.toLowerCase();
  const named = lowered.replace(/^www\./, '');
  return (p) => {
    if (p.id === nameOrId) return 0;
    if (p.id === slug) return 1;
    if (p.name.toLowerCase() === lowered) return 2;
    return p.domain === named ? 3 : undefined;
  };
}

/**
 * The entry of the lowest rank (undefined: not a match); within a rank the highest `preference`,
 * then the first in the registry's (id) order — as the lookups' SQL orders them.
 */
function bestRanked(
  registry: readonly Publisher[],
  rankOf: (p: Publisher) => number | undefined,
  preference: (p: Publisher) => number = () => 0,
): Publisher | undefined {
  let best: { publisher: Publisher; rank: number; preferred: number } | undefined;
  for (const publisher of registry) {
    const rank = rankOf(publisher);
    if (rank === undefined || (best && rank > best.rank)) continue;
    const preferred = preference(publisher);
    if (!best || rank < best.rank || preferred > best.preferred) best = { publisher, rank, preferred };
  }
  return best?.publisher;
}

/** `find` over the registry in memory: `denotedBy`'s ranks, then the domain of `url` (rank 4). */
function denotedIn(registry: readonly Publisher[], nameOrId: string, url?: string): Publisher | undefined {
  const byName = namedRank(nameOrId);
  const domain = domainOf(url);
  return bestRanked(registry, (p) => byName(p) ?? (domain !== null && p.domain === domain ? 4 : undefined));
}

/**
 * `findSpokenFor` over the registry in memory: `denotedBy`'s ranks, else a name standing as whole
 * words in the claimant (rank 5), the longest bare name first within a rank.
 */
function spokenForIn(registry: readonly Publisher[], claimant: string): Publisher | undefined {
  const byName = namedRank(claimant);
  return bestRanked(
    registry,
    (p) => byName(p) ?? (nameStandsIn(claimant, p.name) ? 5 : undefined),
    (p) => [...bareName(p.name)].length,
  );
}

/** The publishers registry: who publishes, which owner group they belong to, and how reliable they are. */
@Injectable()
export class PublisherRepository {
  constructor(
    @InjectDb() private readonly db: Kysely<Database>,
    @Optional() private readonly cache?: PublisherRegistryCache,
  ) {}

  list(options: { limit: number; after?: string }) {
    return this.db
      .selectFrom('publishers')
      .select(columns)
      .$if(options.after !== undefined, (qb) => qb.where('id', '>', options.after!))
      .orderBy('id')
      .limit(options.limit)
      .execute();
  }

  findById(id: string, db: Kysely<Database> = this.db) {
    return db.selectFrom('publishers').select(columns).where('id', '=', id).executeTakeFirst();
  }

  /** Creates or replaces a publisher; `created` tells which. */
  async upsert(publisher: Publisher): Promise<{ publisher: Publisher; created: boolean }> {
    const row = await this.db
      .insertInto('publishers')
      .values({
        id: publisher.id,
        name: publisher.name,
        domain: publisher.domain,
        owner_group: publisher.ownerGroup,
        reliability: publisher.reliability,
      })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          domain: eb.ref('excluded.domain'),
          owner_group: eb.ref('excluded.owner_group'),
          reliability: eb.ref('excluded.reliability'),
          updated_at: new Date(),
        })),
      )
      // xmax = 0 only for a freshly inserted row.
      .returning([...columns, sql<boolean>`xmax = 0`.as('created')])
      .executeTakeFirstOrThrow();
    // Committed: this process's next lookup sees it without waiting for its own notification.
    this.cache?.invalidate();
    const { created, ...stored } = row;
    return { publisher: stored, created };
  }

  /** The registry entries for these ids (missing ones are simply absent: the policy treats them as unrated). */
  async snapshot(ids: Iterable<string>, db: Kysely<Database> = this.db): Promise<PublisherRegistry> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return {};
    const registry = await this.inMemory(db);
    if (registry) return Object.fromEntries(registry.filter((p) => wanted.includes(p.id)).map((p) => [p.id, p]));
    const query = db.selectFrom('publishers').select(columns).where('id', 'in', wanted).compile();
    const { rows } = await db.executeQuery(prepared(query));
    return Object.fromEntries(rows.map((row) => [row.id, row]));
  }

  /**
   * The registry entry a name denotes — by id, by name (any case), by its domain, or by the
   * domain of `url` — or undefined. Adds nothing: for names that may not be publishers at all
   * (a claimant such as "a western official").
   */
  async find(nameOrId: string, url?: string, db: Kysely<Database> = this.db): Promise<Publisher | undefined> {
    const registry = await this.inMemory(db);
    if (registry) return denotedIn(registry, nameOrId, url);
    const named = denotedBy(nameOrId, url);
    return first(db, db.selectFrom('publishers').select(columns).where(named.where).orderBy(named.rank).limit(1));
  }

  /**
   * The publisher a claimant speaks for: the one `find` denotes, else the registry entry whose
   * name (without a leading "The") stands as whole words in the claimant — "Farah Dakhlallah,
   * the NATO spokesperson" speaks for NATO, "a White House spokesperson" for The White House.
   * The longest such name wins; undefined when none does ("a western official"). Adds nothing.
   */
  async findSpokenFor(
    claimant: string,
    db: Kysely<Database> = this.db,
    committedRegistry = !db.isTransaction,
  ): Promise<Publisher | undefined> {
    // From the registry in memory when it can answer, unless `db` is a transaction that may have added to it
    // (`committedRegistry` false); whatever Postgres answers instead, it does on `db`.
    const registry = await this.inMemory(db, committedRegistry);
    return registry ? spokenForIn(registry, claimant) : this.findSpokenForInSql(claimant, db);
  }

  /**
   * The registry in memory, when it can answer for `db`: not for a transaction unless the caller knows it added
   * nothing (`committed`), since it reads its own additions.
   */
  private async inMemory(
    db: Kysely<Database>,
    committed = !db.isTransaction,
  ): Promise<readonly Publisher[] | undefined> {
    return committed ? this.cache?.all() : undefined;
  }

  private findSpokenForInSql(claimant: string, db: Kysely<Database>): Promise<Publisher | undefined> {
    // One statement (it runs on every reported claim): the rows `find` would take rank first, in
    // its order; then names standing in the claimant, the longest first.
    const named = denotedBy(claimant);
    // Backslashes are doubled for the template literal: the SQL reads '^the\s+', '(^|\W)' and so on.
    const bareName = sql<string>`regexp_replace(name, '^the\\s+', '', 'i')`;
    // Regex metacharacters in a name are escaped so it is matched literally.
    const literal = sql<string>`regexp_replace(${bareName}, '([].*+?^$(){}|\\\\[-])', '\\\\\\1', 'g')`;
    return first(
      db,
      db
        .selectFrom('publishers')
        .select(columns)
        .where((eb) =>
          eb.or([
            named.where(eb),
            sql<boolean>`length(${bareName}) >= 3 AND ${claimant} ~* ('(^|\\W)' || ${literal} || '(\\W|$)')`,
          ]),
        )
        .orderBy(named.rank)
        .orderBy(sql`length(${bareName})`, 'desc')
        .limit(1),
    );
  }

  /** The registry publisher whose domain `host` is on (the longest such domain), or undefined. */
  async findByHost(host: string, db: Kysely<Database> = this.db): Promise<Publisher | undefined> {
    const registry = await this.inMemory(db);
    if (registry) {
      const domains = domainsAbove(host);
      // The longest domain first, then the first id (the registry is in id order), as the SQL orders them.
      const owners = registry.filter((p) => p.domain !== null && domains.includes(p.domain));
      return owners.sort((a, b) => b.domain!.length - a.domain!.length)[0];
    }
    return first(
      db,
      db
        .selectFrom('publishers')
        .select(columns)
        .where('domain', 'in', domainsAbove(host))
        .orderBy(sql`length(domain)`, 'desc')
        .orderBy('id')
        .limit(1),
    );
  }

  /**
   * The publisher a client or worker names — by id, by name (any case) or by its domain — as far
   * as the URL it published at allows: a publisher with a registered domain is that publisher only
   * for URLs on its domain (or a subdomain). A page elsewhere is attributed to the registry
   * publisher of the URL's host, else to an unrated publisher named after the host
   * ("news.example.org (unrated)"): naming "Sky News" does not make a page Sky News'. A name the
   * registry does not know is added, unrated and in an owner group of its own (with the URL's
   * host as its domain), so no report is refused for naming it.
   */
  async resolve(nameOrId: string, url?: string, db: Kysely<Database> = this.db): Promise<Publisher> {
    const found = await this.lookUp(nameOrId, url, db);
    return 'publisher' in found ? found.publisher : this.add(found.toAdd, db);
  }

  /**
   * `resolve` without writing: the registry's publisher, or the unrated one `resolve` would add.
   * Lets a command that would add nothing run without a transaction.
   */
  async lookUp(
    nameOrId: string,
    url?: string,
    db: Kysely<Database> = this.db,
  ): Promise<{ publisher: Publisher } | { toAdd: Publisher }> {
    const host = domainOf(url);
    const named = await this.find(nameOrId, undefined, db);
    if (named && (host === null || named.domain === null || isOnDomain(host, named.domain)))
      return { publisher: named };
    if (host !== null) {
      const owner = await this.findByHost(host, db);
      if (owner) return { publisher: owner };
      if (named) return { toAdd: { ...unrated(`${host} (unrated)`), domain: host } };
    }
    return { toAdd: { ...unrated(nameOrId), domain: host } };
  }

  /** Adds `publisher` unless its id is taken; returns the registry's entry for the id. */
  async add(publisher: Publisher, db: Kysely<Database>): Promise<Publisher> {
    await db
      .insertInto('publishers')
      .values({
        id: publisher.id,
        name: publisher.name,
        domain: publisher.domain,
        owner_group: publisher.ownerGroup,
        reliability: publisher.reliability,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    return (await this.findById(publisher.id, db))!;
  }
}
