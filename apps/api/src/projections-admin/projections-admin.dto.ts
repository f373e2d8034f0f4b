import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export class ProjectionNameParams extends createZodDto(
  z.object({ name: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/) }).strict(),
) {}

const cursor = z.object({ transactionId: z.string(), position: z.number().int() });
const drift = z.object({ compared: z.number().int(), drifted: z.number().int(), inFlight: z.number().int() });

export class ProjectionStatusDto extends createZodDto(
  z.object({
    name: z.string(),
    table: z.string(),
    checkpoint: cursor.nullable().describe('Everything at or before this (transaction id, position) is projected'),
    headPosition: z.number().int(),
    lag: z.number().int().describe('Approximate events behind the head'),
    horizonHeldBack: z
      .boolean()
      .describe('A long-running transaction holds back events the projector could otherwise apply'),
    lastRebuild: z
      .object({
        status: z.enum(['running', 'swapped', 'checked', 'failed', 'interrupted']),
        processed: z.number().int(),
        total: z.number().int().describe('Head position when it started (an estimate of the events to process)'),
        startedAt: z.string(),
        updatedAt: z.string(),
        finishedAt: z.string().nullable(),
        drift: drift.nullable().describe('Live table vs rebuild, compared row by row before the swap'),
        error: z.string().nullable(),
      })
      .nullable(),
  }),
) {}

export class ProjectionListDto extends createZodDto(z.object({ items: z.array(ProjectionStatusDto.schema) })) {}
