import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { PUBLIC_OPENAPI_EXTENSION, ROLES_OPENAPI_EXTENSION } from '@claimtrail/auth';
import { problemSchema } from './http/api-problems.decorator';
import { zodComponentSchemas } from './http/zod-openapi-schemas';

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/AuthProblem' } } },
});

/** What every operation that needs a key can answer, besides its own responses. */
const authResponses = {
  401: problemResponse('No API key, or an unknown or revoked one (with `WWW-Authenticate: Bearer`)'),
  403: problemResponse("The key's role may not call this operation"),
  429: problemResponse('Rate limit of the API key exceeded; `Retry-After` says when to retry (seconds)'),
};

/** Appends a sentence to an operation's description (kept apart from what the handler says). */
function appendSentence(operation: Operation, sentence: string): void {
  operation.description = operation.description ? `${operation.description}\n\n${sentence}` : sentence;
}

/**
 * Public operations need no key: `security: []` and "Public: no API key needed." Every other one
 * documents 401, 403 and 429, and says who may call it in its description, from the
 * `x-claimtrail-roles` its @Roles put there (the same declaration ApiKeyGuard enforces). The
 * extension stays in the document, for clients and for the role matrix test to read.
 */
export function documentAuthentication(document: OpenAPIObject): OpenAPIObject {
  document.components = document.components ?? {};
  document.components.schemas = {
    ...document.components.schemas,
    AuthProblem: problemSchema(),
  };
  for (const path of Object.values(document.paths)) {
    for (const operation of [path.get, path.put, path.post, path.delete, path.patch, path.head]) {
      if (!operation) continue;
      const extensions = operation as Operation & Record<string, unknown>;
      if (extensions[PUBLIC_OPENAPI_EXTENSION]) {
        delete extensions[PUBLIC_OPENAPI_EXTENSION];
        operation.security = [];
        appendSentence(operation, 'Public: no API key needed.');
        continue;
      }
      operation.responses = { ...authResponses, ...operation.responses };
      const roles = extensions[ROLES_OPENAPI_EXTENSION];
      if (Array.isArray(roles)) appendSentence(operation, `Roles: ${roles.join(', ')}.`);
    }
  }
  return document;
}

/** The OpenAPI document of the app's controllers, as served at /docs-json. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Claimtrail')
    .setDescription(
      'Event-sourced fact-check workflow for newsrooms. Authenticate with `Authorization: Bearer <api key>`. ' +
        'Each operation names the roles whose keys may call it (`x-claimtrail-roles`, and "Roles: …" in its ' +
        'description); a key of another role gets 403. Public, without a key: /health, /health/ready, /metrics, ' +
        'and this document (/docs-json, its UI at /docs). Errors are RFC 9457 application/problem+json.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key' })
    .addSecurityRequirements('bearer')
    .build();
  const document = documentAuthentication(cleanupOpenApiDoc(SwaggerModule.createDocument(app, config)));
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...zodComponentSchemas(app) },
  };
  return document;
}

/** OpenAPI document at /docs-json and its UI at /docs. */
export function setUpOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, createOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}
