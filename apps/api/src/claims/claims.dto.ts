import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ATTRIBUTION_KINDS, CLAIM_STATUSES, QUOTE_KINDS, STANCES } from '@claimtrail/claims';
import type { ClaimHistoryEntry, ClaimStatusAsOf, ClaimWriteResult } from '@claimtrail/claims';
import type { ClaimPage, ClaimView } from '@claimtrail/projections';
import { httpUrlField } from '../http/http-url-field';

const text = (max: number) => z.string().trim().min(1).max(max);
const httpUrl = httpUrlField;
const timestamp = z.iso.datetime({ offset: true }).describe('ISO-8601 date-time');
const publisherName = text(200).describe(
  'A publishers registry id or a publisher name; an unknown one is added to the registry, unrated',
);
const status = z.enum(CLAIM_STATUSES);
const verdictStatus = z.enum(['corroborated', 'denied', 'unverified']);
const minPosition = z.coerce
  .number()
  .int()
  .min(0)
  .optional()
  .describe(
    'Read-your-writes: the position a write returned; waits briefly until the read model has it (else answers with ' +
      'X-Projection-Lag)',
  );

const attributionKind = z
  .enum(ATTRIBUTION_KINDS)
  .describe(
    'What the claimant does with the text: asserts, denies (the text is the proposition denied), believes, ' +
      'predicts, promises, accuses, questions, reports',
  );

const attribution = z
  .object({
    verb: text(60).optional().describe('The attribution verb as written: said, denied, vowed, "according to", ...'),
    kind: attributionKind.optional().describe('Default asserts'),
    quote: z.enum(QUOTE_KINDS).optional().describe('direct (all quoted), mixed (partly) or indirect (reported speech)'),
    checkable: z
      .boolean()
      .optional()
      .describe(
        'A statement of fact evidence can settle; default: true for asserts, denies, accuses and reports, unless ' +
          'negated',
      ),
    negated: z
      .boolean()
      .optional()
      .describe('The attribution itself is negated ("did not confirm that …"): never checkable'),
  })
  .strict()
  .superRefine((given, ctx) => {
    if (given.negated === true && given.checkable === true) {
      ctx.addIssue({
        code: 'custom',
        path: ['checkable'],
        message: 'a negated attribution (the claimant did not make the claim) cannot be checkable',
      });
    }
  });

export class ClaimIdParams extends createZodDto(z.object({ id: z.uuid() }).strict()) {}

export class EvidenceIdParams extends createZodDto(z.object({ id: z.uuid(), evidenceId: z.uuid() }).strict()) {}

export class ConfirmEvidenceDto extends createZodDto(
  z.object({ reason: text(2000).describe('What the editor checked: required') }).strict(),
) {}

export class ReportClaimDto extends createZodDto(
  z
    .object({
      text: text(2000).describe('The claim, as reported'),
      claimant: text(300).describe('Who made the claim, as attributed (e.g. "a western official")'),
      attribution: attribution
        .optional()
        .describe(
          'How the claimant put it. A claim that is not checkable is recorded, gets no corroboration round and is ' +
            'unverified at once',
        ),
      article: z
        .object({ url: httpUrl, title: text(500), publisher: publisherName, publishedAt: timestamp })
        .strict()
        .optional()
        .describe('The article that reported the claim'),
      citedUrls: z.array(httpUrl).max(50).default([]).describe('Sources the claim cites'),
      language: z
        .string()
        .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a language code such as en or pt-BR')
        .default('en'),
    })
    .strict(),
) {}

export class AttachEvidenceDto extends createZodDto(
  z
    .object({
      publisher: publisherName,
      url: httpUrl,
      excerpt: text(5000).describe('The passage the stance is read from'),
      stance: z
        .enum(STANCES)
        .describe(
          "Toward the claim's text (the proposition), also when the claim denies it: evidence that Kyiv was " +
            'involved supports "Kyiv had any involvement"',
        ),
      confidence: z.number().min(0).max(1).default(1).describe('0..1: how sure you are of the stance'),
      retrievedAt: timestamp.optional().describe('When the source was read; defaults to now'),
      reason: text(1000).optional().describe('Why this stance'),
      repeats: publisherName
        .optional()
        .describe('The publisher whose reporting this one only repeats; it then counts as that publisher'),
      subjectResponse: z
        .boolean()
        .optional()
        .describe('True when the publisher is the party the claim is about (e.g. its embassy)'),
    })
    .strict(),
) {}

export class VerdictDto extends createZodDto(
  z
    .object({
      status: verdictStatus.optional().describe('Set this verdict (omit when withdrawing)'),
      withdraw: z.literal(true).optional().describe('Withdraw the verdict in force instead'),
      reason: text(2000).describe('Required for setting and for withdrawing'),
    })
    .strict()
    .superRefine((body, ctx) => {
      if ((body.status === undefined) === (body.withdraw === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['status'],
          message: 'give either status (to set a verdict) or withdraw: true',
        });
      }
    }),
) {}

export class CorroborateDto extends createZodDto(
  z
    .object({
      sources: z
        .array(z.string().regex(/^[a-z0-9-]{1,50}$/, 'source names are lowercase letters, digits and -'))
        .min(1)
        .max(20)
        .optional()
        .describe('Which sources to ask; defaults to all configured'),
    })
    .strict()
    // The body is optional: a bare POST re-runs every configured source.
    .default({}),
) {}

export class MarkDuplicateDto extends createZodDto(
  z.object({ duplicateOf: z.uuid().describe('The claim this one duplicates'), reason: text(2000) }).strict(),
) {}

export class ListClaimsQueryDto extends createZodDto(
  z
    .object({
      status: status.optional(),
      publisher: text(200).optional().describe("The article's publisher (id or name)"),
      q: text(200).optional().describe('Words that must all appear in the claim text or claimant'),
      since: timestamp.optional().describe('Only claims reported at or after this moment'),
      checkable: z
        .enum(['true', 'false'])
        .transform((value) => value === 'true')
        .optional()
        .describe('Only checkable claims (true) or only opinions, vows, questions and predictions (false)'),
      kind: attributionKind.optional().describe('Only claims attributed this way'),
      cursor: z.string().min(1).max(200).optional().describe('nextCursor of the previous page'),
      limit: z.coerce.number().int().min(1).max(100).default(20),
      minPosition,
    })
    .strict(),
) {}

export class GetClaimQueryDto extends createZodDto(z.object({ minPosition }).strict()) {}

export class ClaimStatusQueryDto extends createZodDto(
  z.object({ asOf: timestamp.optional().describe('Defaults to now') }).strict(),
) {}

const attributionView = z
  .object({
    verb: z.string().nullable().describe('null when not recorded (claims reported before attributions were)'),
    kind: z.enum(ATTRIBUTION_KINDS),
    quote: z.enum(QUOTE_KINDS).nullable(),
    checkable: z.boolean(),
    negated: z.boolean(),
  })
  .describe(
    'How the claim was attributed; for denies, the text is the proposition denied and the status says whether the ' +
      'denial holds',
  );

const reason = z.object({ rule: z.string(), detail: z.string(), evidenceIds: z.array(z.string()) });
const evidence = z.object({
  evidenceId: z.string(),
  publisher: z.string().describe('Publisher id'),
  url: z.string(),
  excerpt: z.string(),
  stance: z.enum(STANCES).describe("Toward the claim's text (the proposition), also when the claim denies it"),
  confidence: z.number(),
  attachedBy: z
    .union([
      z.object({ kind: z.literal('person'), keyId: z.string(), role: z.string() }),
      z.object({
        kind: z.literal('worker'),
        source: z.string(),
        postedBy: z
          .object({ keyId: z.string(), role: z.string() })
          .optional()
          .describe(
            'The API key that posted the archive article the worker read it from: counts as that key’s word ' +
              '(one source per key unless an editor confirms it)',
          ),
      }),
    ])
    .describe('Who attached it: a person (the API key that called, and its role) or a worker source'),
  confirmedBy: z
    .object({ keyId: z.string(), role: z.string(), reason: z.string(), confirmedAt: z.string() })
    .optional()
    .describe(
      'The editor who vouched for hand-attached (or hand-posted) evidence (it then counts beyond the per-key cap)',
    ),
  retrievedAt: z.string(),
  reason: z.string().optional(),
  repeats: z.string().optional(),
  subjectResponse: z.boolean().optional(),
});

export class ClaimWriteResultDto extends createZodDto(
  z.object({
    id: z.uuid(),
    status,
    version: z.number().int().describe('The claim stream version after the write (ETag)'),
    position: z.number().int().describe('Global log position of the write (use as minPosition on reads)'),
  }) satisfies z.ZodType<ClaimWriteResult>,
) {}

export class ClaimViewDto extends createZodDto(
  z.object({
    id: z.uuid(),
    text: z.string(),
    claimant: z.string(),
    attribution: attributionView,
    article: z
      .object({ url: z.string(), title: z.string(), publisher: z.string(), publishedAt: z.string() })
      .nullable(),
    citedUrls: z.array(z.string()),
    language: z.string(),
    status,
    reasons: z.array(reason).describe('Why the claim has its status: rule and evidence ids'),
    evidence: z.array(evidence),
    editorVerdict: z.object({ status: verdictStatus, reason: z.string() }).nullable(),
    duplicateOf: z.uuid().nullable(),
    corroboration: z.array(
      z.object({
        requestId: z.string(),
        sources: z.array(z.string()),
        deadline: z.string(),
        reason: z
          .object({ kind: z.literal('new-reporting'), articleId: z.string(), url: z.string() })
          .optional()
          .describe('A re-check: the later article that started the round'),
        outcome: z
          .object({ answered: z.array(z.string()), failed: z.array(z.string()), timedOut: z.array(z.string()) })
          .nullable(),
      }),
    ),
    publishers: z
      .array(z.string())
      .describe('Every publisher id the claim names: its article, its evidence, the outlets they repeat'),
    similar: z
      .array(z.object({ claimId: z.uuid(), score: z.number() }))
      .describe('Claims that say the same thing, best first (GET /claims/:id/similar has the details)'),
    reportedAt: z.string(),
    version: z.number().int(),
    position: z.number().int(),
    updatedAt: z.string(),
  }) satisfies z.ZodType<ClaimView>,
) {}

export class ClaimPageDto extends createZodDto(
  z.object({
    items: z.array(
      z.object({
        id: z.uuid(),
        text: z.string(),
        claimant: z.string(),
        attribution: attributionView,
        status,
        publisher: z.string().nullable(),
        supportingCount: z.number().int().describe('Pieces of supporting evidence'),
        refutingCount: z.number().int().describe('Pieces of refuting evidence'),
        duplicateOf: z.uuid().nullable(),
        reportedAt: z.string(),
        updatedAt: z.string(),
        version: z.number().int(),
      }),
    ),
    nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page'),
  }) satisfies z.ZodType<ClaimPage>,
) {}

export class ClaimStatusDto extends createZodDto(
  z.object({
    id: z.uuid(),
    asOf: z.string(),
    status,
    reasons: z.array(reason),
    version: z.number().int(),
  }) satisfies z.ZodType<ClaimStatusAsOf>,
) {}

export class ClaimHistoryDto extends createZodDto(
  z.object({
    items: z.array(
      z.object({
        position: z.number().int(),
        version: z.number().int(),
        eventId: z.uuid(),
        type: z.string(),
        schemaVersion: z.number().int(),
        data: z.record(z.string(), z.unknown()),
        metadata: z.record(z.string(), z.unknown()),
        recordedAt: z.string(),
        hash: z.string(),
      }),
    ),
  }) satisfies z.ZodType<{ items: ClaimHistoryEntry[] }>,
) {}
