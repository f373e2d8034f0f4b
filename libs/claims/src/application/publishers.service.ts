import { Injectable } from '@nestjs/common';
import { NotFound, ValidationFailed } from '@claimtrail/errors';
import type { Publisher } from '../domain/publisher';
import { PublisherRepository, publisherSlug } from './publisher.repository';

/** A page of the registry, by id. */
export interface PublisherPage {
  items: Publisher[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

/** A publisher as an editor adds or changes it: the id defaults to the name's slug, the owner group to the id. */
export interface PublisherInput {
  id?: string;
  name: string;
  domain: string | null;
  ownerGroup?: string;
  reliability: number | null;
}

const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const encodeCursor = (id: string) => Buffer.from(id).toString('base64url');

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!SLUG.test(id))
    throw new ValidationFailed([{ field: 'cursor', rule: 'invalid_cursor', message: 'Not a cursor from this API' }]);
  return id;
}

/** The publishers registry as the newsroom reads and edits it. */
@Injectable()
export class PublishersService {
  constructor(private readonly publishers: PublisherRepository) {}

  async list({ cursor, limit }: { cursor?: string; limit: number }): Promise<PublisherPage> {
    const rows = await this.publishers.list({
      limit: limit + 1,
      after: cursor === undefined ? undefined : decodeCursor(cursor),
    });
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].id) : null };
  }

  /** @throws NotFound */
  async get(id: string): Promise<Publisher> {
    const publisher = await this.publishers.findById(id);
    if (!publisher) throw new NotFound('Publisher', id);
    return publisher;
  }

  /** Adds a publisher, or rates / regroups the one with that id; `created` tells which. */
  upsert(input: PublisherInput): Promise<{ publisher: Publisher; created: boolean }> {
    const id = input.id ?? publisherSlug(input.name);
    return this.publishers.upsert({ ...input, id, ownerGroup: input.ownerGroup ?? id });
  }
}
