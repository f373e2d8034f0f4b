import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { checkpointSchema } from '@claimtrail/audit';

const position = z.coerce.number().int().min(0);
const timestamp = z.iso.datetime({ offset: true }).describe('ISO-8601 date-time');

export class VerifyQueryDto extends createZodDto(
  z
    .object({
      fromPosition: position.optional().describe('Inclusive; default the start of the log'),
      toPosition: position.optional().describe('Inclusive; default the end of the log'),
    })
    .strict(),
) {}

export class VerifyResultDto extends createZodDto(
  z.object({
    ok: z.boolean(),
    checked: z.number().int().describe('Events checked'),
    firstBrokenPosition: z
      .number()
      .int()
      .nullable()
      .describe('The first position whose stored row no longer matches its hash chain'),
    reason: z.string().optional(),
    anchors: z
      .object({
        ok: z.boolean(),
        checkpoints: z.number().int().describe('Signed checkpoints checked'),
        coveredPosition: z.number().int().nullable().describe('The last position they cover'),
        reason: z.string().optional(),
      })
      .nullable()
      .optional()
      .describe(
        'The whole log against the stored signed checkpoints (only without a position range, and with a signing key ' +
          'configured); null when there are none',
      ),
  }),
) {}

export class CheckpointDto extends createZodDto(checkpointSchema) {}

export class CheckpointListDto extends createZodDto(
  z.object({ items: z.array(checkpointSchema).describe('Every checkpoint, oldest first') }),
) {}

export class PublicKeyDto extends createZodDto(
  z.object({
    algorithm: z.literal('Ed25519'),
    keyId: z.string().describe("The id checkpoints carry: the first 32 hex digits of sha256 over the key's SPKI DER"),
    publicKeyPem: z.string().describe('SPKI PEM; keep your own copy and pass it to npm run audit:verify --public-key'),
  }),
) {}

export class ExportQueryDto extends createZodDto(
  z
    .object({
      after: z
        .string()
        .regex(/^[0-9]{1,20}:[0-9]{1,19}$/, 'a resume token: <transactionId>:<position> of the last line received')
        .optional()
        .describe(
          'Resume token: `<transactionId>:<position>` of the last line received. Exact under concurrent writes: ' +
            'the next export starts right after that line and never skips an event that committed late',
        ),
      fromPosition: position
        .optional()
        .describe(
          'Deprecated (use `after`): inclusive, in position order; under concurrent writes a late commit below it ' +
            'is skipped',
        ),
      stream: z.string().min(1).max(200).optional().describe('Only this stream, e.g. claim-<uuid>'),
      type: z
        .string()
        .regex(/^[A-Za-z][A-Za-z0-9_.:-]*(,[A-Za-z][A-Za-z0-9_.:-]*)*$/, 'event type names, comma-separated')
        .optional()
        .describe('Only these event types (comma-separated)'),
      since: timestamp.optional().describe('Only events recorded at or after this moment'),
      until: timestamp.optional().describe('Only events recorded at or before this moment'),
    })
    .strict(),
) {}
