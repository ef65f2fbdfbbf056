// Builds the OpenAPI 3.1 document from the route table and the config model's JSON Schemas (one source for both).
import type { JsonSchema } from '@relayform/schema/schemas/json-schema.ts';
import type { ApiRoute } from './api-route.ts';

function schemaOrRef(schema: string | JsonSchema): JsonSchema | { $ref: string } {
  return typeof schema === 'string' ? { $ref: `#/components/schemas/${schema}` } : schema;
}

function operation(route: ApiRoute): Record<string, unknown> {
  const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  const queryParameters = (route.query ?? []).map((q) => ({ name: q.name, in: 'query', required: false, description: q.description, schema: q.schema }));
  const { success } = route;
  const content = success.schema === undefined ? undefined : { [success.contentType ?? 'application/json']: { schema: schemaOrRef(success.schema) } };
  return {
    operationId: `${route.method}${route.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase())}`,
    summary: route.summary,
    tags: [route.tag],
    ...(route.public ? { security: [] } : {}),
    ...(pathParameters.length + queryParameters.length > 0 ? { parameters: [...pathParameters, ...queryParameters] } : {}),
    ...(route.requestBody === undefined ? {} : {
      requestBody: { required: route.method !== 'post' || route.path !== '/v1/tokens', content: { 'application/json': { schema: schemaOrRef(route.requestBody) } } },
    }),
    responses: {
      [String(success.status)]: { description: success.description, ...(content ? { content } : {}) },
      ...(route.public ? {} : { default: { $ref: '#/components/responses/Error' } }),
    },
  };
}

/** The document served at /v1/openapi.json: every route in `routes`, every schema in `schemas` under components. */
export function openApiDocument(routes: ApiRoute[], schemas: Record<string, JsonSchema>): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method] = operation(route);
  return {
    openapi: '3.1.0',
    info: { title: 'smtp-relay management API', version: '1', description: 'Declarative configuration of SMTP virtual servers.' },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    security: [{ bearer: [] }, { basic: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'The admin token or a token from POST /v1/tokens.' },
        basic: { type: 'http', scheme: 'basic', description: 'An account: DOMAIN\\name, name@DOMAIN or name, and its password.' },
      },
      responses: {
        Error: { description: 'An error (4xx/5xx) naming the JSON path of each problem', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    },
  };
}
