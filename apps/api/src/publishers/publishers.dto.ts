import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import type { Publisher, PublisherPage } from '@claimtrail/claims';

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and -, at most 64');

export class PublisherIdParams extends createZodDto(z.object({ id: slug }).strict()) {}

export class UpsertPublisherDto extends createZodDto(
  z
    .object({
      id: slug.optional().describe('Defaults to the name as a slug ("Sky News" → sky-news)'),
      name: z.string().trim().min(1).max(200),
      domain: z
        .string()
        .toLowerCase()
        .regex(/^(?!-)[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+$/, 'a host name such as reuters.com')
        .nullable()
        .default(null),
      ownerGroup: slug.optional().describe('Publishers of one owner group count as one source; defaults to the id'),
      reliability: z.number().min(0).max(1).nullable().default(null).describe('0..1; null = unrated'),
    })
    .strict(),
) {}

export class ListPublishersQueryDto extends createZodDto(
  z
    .object({
      cursor: z.string().min(1).max(200).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    })
    .strict(),
) {}

const publisher = z.object({
  id: z.string(),
  name: z.string(),
  domain: z.string().nullable(),
  ownerGroup: z.string(),
  reliability: z.number().nullable().describe('0..1; null = unrated'),
}) satisfies z.ZodType<Publisher>;

export class PublisherDto extends createZodDto(publisher) {}

export class PublisherPageDto extends createZodDto(
  z.object({ items: z.array(publisher), nextCursor: z.string().nullable() }) satisfies z.ZodType<PublisherPage>,
) {}
