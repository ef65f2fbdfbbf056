// The declarative route: one description drives both the express registration and the OpenAPI document.
import type { IncomingHttpHeaders } from 'node:http';
import type { JsonSchema } from '@relayform/schema/schemas/json-schema.ts';
import type { Principal } from './principal.ts';

/** What a handler sees of a request: parsed, authenticated (unless the route is public), nothing of express. */
export interface ApiRequest {
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: unknown;
  headers: IncomingHttpHeaders;
  /** Null only on public routes. */
  principal: Principal | null;
}

/** A JSON body (`json`), a text body (`text`) or raw bytes sent as they are (`bytes`); the latter two with their content type in headers. */
export interface ApiResponse {
  status: number;
  json?: unknown;
  text?: string;
  bytes?: Buffer;
  headers?: Record<string, string>;
}

/** OpenAPI description of a query parameter. */
export interface QueryParameter {
  name: string;
  schema: JsonSchema;
  description: string;
}

/** One operation: method + OpenAPI-style path (`/v1/accounts/{id}`), its documentation and its handler. */
export interface ApiRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  tag: string;
  /** No credentials needed (health, metrics, the OpenAPI document). */
  public?: boolean;
  /** The largest request body this route takes, in bytes (413 above it); the API's 1 MB when absent. */
  bodyLimit?: number;
  /** Name of the components.schemas entry the body must match, or an inline schema. */
  requestBody?: string | JsonSchema;
  query?: QueryParameter[];
  /** Success status and its body schema (component name or inline), for the document. */
  success: { status: number; description: string; schema?: string | JsonSchema; contentType?: string };
  handle(request: ApiRequest): Promise<ApiResponse>;
}
