import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  HttpCode,
  NestInterceptor,
  Post,
  UseInterceptors,
} from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { map, Observable } from 'rxjs';
import type { Role } from '@claimtrail/auth';
import type { ClaimWriteResult } from '@claimtrail/claims';
import { Endpoint } from '../http/endpoint.decorator';
import { ApiWriteHeaders, etag } from '../http/write-metadata.decorator';
import { ClaimWriteResultDto } from './claims.dto';

export interface ClaimWriteOptions {
  summary: string;
  /** The least role that may call it (roles above it may too). */
  role: Role;
  /** 200 for changes to a claim, 201 for a new one, 202 for work done later. */
  status: 200 | 201 | 202;
  /** A new claim: answer with `Location` and refuse `If-Match` (there is no version to match). */
  creates?: boolean;
}

/** Puts the write's version in `ETag` (and the new claim's URL in `Location`) on the way out. */
class ClaimWriteHeaders implements NestInterceptor<ClaimWriteResult, ClaimWriteResult> {
  constructor(private readonly creates: boolean) {}

  intercept(context: ExecutionContext, next: CallHandler<ClaimWriteResult>): Observable<ClaimWriteResult> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((result) => {
        void reply.header('ETag', etag(result.version));
        if (this.creates) void reply.header('Location', `/claims/${result.id}`);
        return result;
      }),
    );
  }
}

/**
 * A claim write endpoint: POST, its role, its OpenAPI (headers, problems, result), and
 * the ETag/Location of the result. Every claim write answers the same way.
 */
export const ClaimWrite = (path: string, { summary, role, status, creates = false }: ClaimWriteOptions) =>
  applyDecorators(
    Post(path),
    HttpCode(status),
    Endpoint({ role, summary, problems: creates ? [400, 413, 415, 422] : [400, 404, 409, 412, 413, 415, 422] }),
    ApiWriteHeaders({ ifMatch: !creates }),
    ApiResponse({ status, type: ClaimWriteResultDto, ...(creates ? { description: 'Location: /claims/{id}' } : {}) }),
    UseInterceptors(new ClaimWriteHeaders(creates)),
  );
