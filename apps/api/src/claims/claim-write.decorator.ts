import { applyDecorators, HttpCode, Post } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiResponse } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
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

/** What a claim write's route config tells `claimWriteHeaders`. */
interface ClaimWriteRoute {
  claimWrite?: { creates: boolean };
}

/**
 * Puts a claim write's version in `ETag` (and a new claim's URL in `Location`) on the way out:
 * one Fastify hook for every route `@ClaimWrite` marks. A Nest interceptor did this before; its
 * rxjs pipeline cost a fifth of a write's CPU in the API (bench/RESULTS.md, API).
 */
export function claimWriteHeaders(fastify: FastifyInstance): void {
  fastify.addHook('preSerialization', (request, reply, payload, done) => {
    const route = (request.routeOptions.config as ClaimWriteRoute).claimWrite;
    if (route && reply.statusCode < 300) {
      const result = payload as ClaimWriteResult;
      void reply.header('ETag', etag(result.version));
      if (route.creates) void reply.header('Location', `/claims/${result.id}`);
    }
    done(null, payload);
  });
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
    RouteConfig({ claimWrite: { creates } } satisfies ClaimWriteRoute),
  );
