import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

/** The OpenAPI schema of a problem document, with extra members. */
export const problemSchema = (extra: Record<string, object> = {}) => ({
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    ...extra,
  },
  required: ['type', 'title', 'status', 'detail'],
});

const fieldErrors = {
  errors: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        field: { type: 'string', example: 'article.url' },
        rule: { type: 'string', example: 'invalid_format' },
        message: { type: 'string' },
      },
      required: ['field', 'rule', 'message'],
    },
  },
};

const problems = {
  400: { description: 'Invalid input: `errors[]` names each field and the rule it breaks', extra: fieldErrors },
  404: { description: 'The claim (or publisher) does not exist', extra: {} },
  409: {
    description: 'The state machine refuses the change: `rule` names it (e.g. claim-is-duplicate)',
    extra: { rule: { type: 'string' } },
  },
  412: {
    description: 'If-Match is stale: the claim changed since that version',
    extra: { expectedVersion: { type: 'integer' }, currentVersion: { type: 'integer' } },
  },
  413: { description: 'The request body is too large', extra: {} },
  415: { description: 'The body is not application/json', extra: {} },
  422: { description: 'The Idempotency-Key was already used for a different request', extra: {} },
} as const;

export type ProblemStatus = keyof typeof problems;

/** Documents the problem+json responses an operation can give. */
export const ApiProblems = (...statuses: ProblemStatus[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: problems[status].description,
        content: { 'application/problem+json': { schema: problemSchema(problems[status].extra) } },
      }),
    ),
  );
