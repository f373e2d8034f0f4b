import { applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { requestMetadata } from '@claimtrail/auth';
import type { CommandMetadata } from '@claimtrail/claims';
import { ValidationFailed } from '@claimtrail/errors';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const IF_MATCH = /^(?:W\/)?"(\d{1,15})"$|^(\d{1,15})$/;

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** `If-Match: "<version>"` as a number (a bare number is accepted too). */
export function ifMatchVersion(request: FastifyRequest): number | undefined {
  const value = header(request, 'if-match')?.trim();
  if (value === undefined) return undefined;
  const match = IF_MATCH.exec(value);
  if (!match)
    throw new ValidationFailed([
      { field: 'If-Match', rule: 'invalid_format', message: 'must be an ETag of this API, e.g. "3"' },
    ]);
  return Number(match[1] ?? match[2]);
}

export function idempotencyKey(request: FastifyRequest): string | undefined {
  const value = header(request, 'idempotency-key');
  if (value === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(value)) {
    throw new ValidationFailed([
      { field: 'Idempotency-Key', rule: 'invalid_format', message: 'must be 1–255 visible ASCII characters' },
    ]);
  }
  return value;
}

/** The command metadata of a write request: actor, correlation and causation ids, Idempotency-Key and If-Match. */
export const WriteMetadata = createParamDecorator((_: unknown, context: ExecutionContext): CommandMetadata => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  const key = idempotencyKey(request);
  const expectedVersion = ifMatchVersion(request);
  return {
    ...requestMetadata(request),
    ...(key !== undefined ? { idempotencyKey: key } : {}),
    ...(expectedVersion !== undefined ? { expectedVersion } : {}),
  };
});

/** OpenAPI for the headers every write accepts. */
export const ApiWriteHeaders = (options: { ifMatch: boolean } = { ifMatch: true }) =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'A retry with the same key (and the same request) returns the first response and changes nothing; another ' +
        'request with it gets 422',
    }),
    ...(options.ifMatch
      ? [
          ApiHeader({
            name: 'If-Match',
            required: false,
            description: 'The ETag (version) you saw, e.g. "3": 412 if the claim changed since',
          }),
        ]
      : []),
  );

/** The ETag of a stream version. */
export const etag = (version: number) => `"${version}"`;
