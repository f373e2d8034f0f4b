import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { PUBLIC_OPENAPI_EXTENSION } from '@claimtrail/auth';
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

/** Public operations need no key; every other one documents 401, 403 and 429. */
function documentAuthentication(document: OpenAPIObject): OpenAPIObject {
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
      } else {
        operation.responses = { ...authResponses, ...operation.responses };
      }
    }
  }
  return document;
}

/** OpenAPI document at /docs-json and its UI at /docs. */
export function setUpOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Claimtrail')
    .setDescription(
      'Event-sourced fact-check workflow for newsrooms. Authenticate with `Authorization: Bearer <api key>`. ' +
        'Errors are RFC 9457 application/problem+json.',
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
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
