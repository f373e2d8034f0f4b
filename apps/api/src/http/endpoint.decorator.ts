import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponseOptions } from '@nestjs/swagger';
import { Role, Roles, ROLES } from '@claimtrail/auth';
import { ApiProblems, ProblemStatus } from './api-problems.decorator';

export interface EndpointOptions {
  /** The least role that may call it ('any': every key); omitted where the controller declares it for all. */
  role?: Role | 'any';
  summary?: string;
  description?: string;
  /** The 200 answer, as @ApiOkResponse takes it. */
  ok?: ApiResponseOptions;
  /** The problem+json statuses it answers besides the authentication ones. */
  problems?: ProblemStatus[];
}

/**
 * What an operation declares besides its route (in the style of immich's `@Endpoint`): who
 * may call it, its OpenAPI summary, its 200 answer and its problems, in one decorator
 * instead of a stack repeated on every handler.
 */
export const Endpoint = ({ role, summary, description, ok, problems = [] }: EndpointOptions) =>
  applyDecorators(
    ...(role ? [role === 'any' ? Roles(...ROLES) : Roles(role)] : []),
    ...(summary || description
      ? [ApiOperation({ ...(summary ? { summary } : {}), ...(description ? { description } : {}) })]
      : []),
    ...(ok ? [ApiOkResponse(ok)] : []),
    ...(problems.length > 0 ? [ApiProblems(...problems)] : []),
  );
