import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ROLES } from '@claimtrail/auth';

const role = z
  .enum(ROLES)
  .describe(
    'reporter: report claims, attach evidence, ingest articles; editor: reporter + verdicts, re-run corroboration; ' +
      'auditor: read everything, no writes; admin: everything',
  );

export class CreateApiKeyDto extends createZodDto(
  z
    .object({
      name: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .describe('Who or what the key is for, e.g. "night desk" or "CMS integration"'),
      role,
    })
    .strict(),
) {}

export class ApiKeyIdParams extends createZodDto(z.object({ id: z.uuid() }).strict()) {}

const listedKey = z.object({
  id: z.uuid(),
  name: z.string(),
  role,
  prefix: z.string().describe('The non-secret start of the key (`ct_<prefix>_…`), to recognise it'),
  createdAt: z.iso.datetime(),
  createdBy: z.string().describe('Key id of the admin who created it (`bootstrap-admin` for ADMIN_API_KEY)'),
  revokedAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable().describe('Updated at most once a minute'),
});

export class ApiKeyDto extends createZodDto(listedKey) {}

export class ApiKeyListDto extends createZodDto(z.object({ items: z.array(listedKey) })) {}

export class CreatedApiKeyDto extends createZodDto(
  listedKey.pick({ id: true, name: true, role: true, prefix: true, createdAt: true }).extend({
    key: z.string().describe('The API key. Shown this once: only its hash is stored.'),
  }),
) {}
