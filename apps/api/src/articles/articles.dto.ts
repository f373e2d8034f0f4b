import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ATTRIBUTION_KINDS, CLAIM_STATUSES, QUOTE_KINDS } from '@claimtrail/claims';
import { httpUrlField } from '../http/http-url-field';

const text = (max: number) => z.string().trim().min(1).max(max);

/** Longest article body accepted (characters); the request body limit (BODY_LIMIT_BYTES) applies too. */
export const MAX_ARTICLE_BODY_CHARS = 200_000;

export class IngestArticleDto extends createZodDto(
  z
    .object({
      title: text(500),
      publisher: text(200).describe(
        'A publishers registry id, name or domain; an unknown one is added to the registry, unrated',
      ),
      url: httpUrlField.describe('http(s) URL: the article is stored once per URL'),
      publishedAt: z.iso.datetime({ offset: true }).describe('ISO-8601 date-time'),
      body: text(MAX_ARTICLE_BODY_CHARS).describe('The article text, paragraphs separated by line breaks'),
      language: z
        .string()
        .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a language code such as en or pt-BR')
        .default('en'),
      extractClaims: z
        .boolean()
        .default(false)
        .describe("Report the article's attributed claims (each with its claimant) for corroboration"),
    })
    .strict(),
) {}

export class IngestedArticleDto extends createZodDto(
  z.object({
    article: z.object({
      id: z.uuid(),
      url: z.string(),
      created: z
        .boolean()
        .describe('false when the URL was already in the archive: the stored article is kept and used'),
    }),
    claims: z
      .array(
        z.object({
          id: z.uuid(),
          statement: z.string().describe('The claim as reported (its text)'),
          claimant: z.string().describe('Who made it, as the article names them'),
          attributionVerb: z
            .string()
            .describe('said, told, alleged, reported, denied, "not aware", stated (the publisher\'s own voice), ...'),
          attribution: z
            .object({
              verb: z.string().nullable(),
              kind: z.enum(ATTRIBUTION_KINDS),
              quote: z.enum(QUOTE_KINDS).nullable(),
              checkable: z.boolean(),
              negated: z.boolean(),
            })
            .describe('As recorded with the claim: for denies, the statement is the proposition denied'),
          status: z.enum(CLAIM_STATUSES).describe('Its status now: reported until the workers have corroborated it'),
          position: z.number().int().describe('Global log position of its latest event'),
        }),
      )
      .describe(
        'The attributed claims found (only with extractClaims: true), in article order; already reported ones are ' +
          'not reported again',
      ),
    extraction: z
      .object({
        found: z.number().int().describe('Attributed claims the extractor found'),
        reported: z.number().int().describe('Claims reported (the first EXTRACTION_MAX_CLAIMS, in article order)'),
        skipped: z
          .number()
          .int()
          .describe('Claims found but not reported because of EXTRACTION_MAX_CLAIMS; 0 when none were'),
        maxClaims: z.number().int().describe('EXTRACTION_MAX_CLAIMS'),
      })
      .nullable()
      .describe('With extractClaims: how many claims were found, reported and skipped; null otherwise'),
    position: z
      .number()
      .int()
      .describe('The highest position among the claims (use as minPosition on reads); 0 when there are none'),
  }),
) {}
