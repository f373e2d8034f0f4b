import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export class ClaimReviewFeedQueryDto extends createZodDto(
  z
    .object({
      since: z.iso
        .datetime({ offset: true })
        .describe('Only reviews changed (published, revised or withdrawn) at or after this moment'),
      cursor: z.string().max(200).optional().describe("Opaque, from the previous page's nextCursor"),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    })
    .strict(),
) {}
