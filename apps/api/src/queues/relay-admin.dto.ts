import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export class RelayReplayDto extends createZodDto(
  z
    .object({
      from: z
        .union([z.number().int().min(0), z.iso.datetime({ offset: true })])
        .describe('A log position, or an ISO-8601 moment: rounds requested, deliveries relayed, from there on'),
    })
    .strict(),
) {}

export class RelayReplayResultDto extends createZodDto(
  z.object({
    rounds: z.number().int().describe('Open rounds whose jobs were added again (ids BullMQ still holds are ignored)'),
    webhookDeliveries: z
      .number()
      .int()
      .describe('Pending or retrying webhook deliveries whose jobs were added again (same ids)'),
  }),
) {}
