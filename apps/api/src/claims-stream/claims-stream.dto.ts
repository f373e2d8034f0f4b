import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { CLAIM_EVENT_TYPES, CLAIM_STATUSES } from '@claimtrail/claims';

/** A comma-separated query parameter as a list of `item`s. */
const commaList = <T extends z.ZodType<string, string>>(item: T, max: number) =>
  z
    .string()
    .max(max * 40)
    .transform((s) =>
      s
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1).max(max));

export class ClaimStreamQueryDto extends createZodDto(
  z
    .object({
      status: commaList(z.enum(CLAIM_STATUSES), 4)
        .optional()
        .describe('Only events after which the claim is in one of these statuses (comma-separated)'),
      claimId: commaList(z.uuid(), 100)
        .optional()
        .describe('Only events of these claims (comma-separated, at most 100)'),
      publisher: z
        .string()
        .trim()
        .min(1)
        .max(200)
        .optional()
        .describe("Only claims whose article's publisher, or whose claimant, is this publisher id"),
      types: commaList(z.enum(CLAIM_EVENT_TYPES as [string, ...string[]]), 20)
        .optional()
        .describe('Only these event types (comma-separated)'),
      lastEventId: z.coerce
        .number()
        .int()
        .min(0)
        .optional()
        .describe('Resume after this event id (for clients that cannot send the Last-Event-ID header)'),
    })
    .strict(),
) {}
