// The CRUD routes of one resource (list, create, read, replace, merge-patch, delete; for a kind with `listKey` also the whole list's replacement), built from its definition.
import type { JsonSchema } from '@relayform/schema/schemas/json-schema.ts';
import type { ValidationDetail } from '@relayform/schema/validation-detail.ts';
import type { StoredObject } from '../store/config-store.ts';
import { ApiError } from './api-error.ts';
import type { ApiRequest, ApiResponse, ApiRoute } from './api-route.ts';
import { etagOf } from './etag.ts';
import { managerOf } from './managed-by.ts';
import { mergePatch } from './merge-patch.ts';
import type { Principal } from './principal.ts';
import type { ResourceService } from './resource-service.ts';

/**
 * The object's body (with its live members and its manager) and its ETag (the stored version: neither changes it).
 * A request that named its `manager` (Relayform-Managed-By) marks the object first, so the body shows the marker.
 */
async function objectResponse(service: ResourceService, status: number, object: StoredObject, manager: string | undefined, location?: string): Promise<ApiResponse> {
  await service.markManaged(object, manager);
  const headers: Record<string, string> = { ETag: etagOf(object.version) };
  if (location) headers.Location = location;
  const [json] = await service.present([object]);
  return { status, json, headers };
}

/**
 * The answer to a write: the object as stored, and a `Warning: 299 - "<json path> <message>"` (RFC 7234 section 5.5, as
 * the Kubernetes API warns) per warning of the definition, so the body stays the object a client can PUT back.
 */
async function writtenResponse(service: ResourceService, status: number, object: StoredObject, manager: string | undefined, location?: string): Promise<ApiResponse> {
  const response = await objectResponse(service, status, object, manager, location);
  const warnings = service.definition.warnings?.(object.doc) ?? [];
  if (warnings.length > 0) response.headers!.Warning = warningHeader(warnings);
  return response;
}

/** How many warnings one header carries: a whole list's would outgrow what HTTP clients read (Node's: 16 KiB of headers). */
const MAX_WARNINGS = 10;

/** `299 - "<json path> <message>"` per warning (at most MAX_WARNINGS, then one saying how many more). */
function warningHeader(warnings: ValidationDetail[]): string {
  const shown = warnings.slice(0, MAX_WARNINGS).map((w) => `${w.path} ${w.message}`);
  if (warnings.length > MAX_WARNINGS) shown.push(`$ and ${warnings.length - MAX_WARNINGS} more warnings`);
  return shown.map((text) => `299 - "${text.replace(/[\\"]/g, '\\$&')}"`).join(', ');
}

/** The Idempotency-Key header of a create: printable ASCII, 1-255 characters; 400 naming the header otherwise. */
function idempotencyKey(request: ApiRequest): string | undefined {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(header)) {
    throw new ApiError(400, 'invalid_header', 'Idempotency-Key must be 1 to 255 printable ASCII characters.',
      [{ path: 'header.Idempotency-Key', message: 'must be 1 to 255 printable ASCII characters' }]);
  }
  return header;
}

function ifMatch(request: ApiRequest): string | undefined {
  const header = request.headers['if-match'];
  return Array.isArray(header) ? header.join(',') : header;
}

/** The largest body a list replacement takes: 10,000 rules of the largest form (a 1,000-character description each). */
export const LIST_BODY_LIMIT = 16 * 1024 * 1024;

/** PUT on the collection: the parent's whole list (ResourceService.replaceList), answered as stored. */
function listReplacementRoute(service: ResourceService): ApiRoute {
  const { title, collectionPath } = service.definition;
  const list = (items: JsonSchema) => ({ type: 'object', additionalProperties: false, required: ['items'], properties: { items: { type: 'array', items } } }) as JsonSchema;
  return {
    method: 'put', path: collectionPath, tag: title, bodyLimit: LIST_BODY_LIMIT,
    summary: `Replace the virtual server's whole ${title} list in one transaction: items with the match of a stored one keep it ` +
      '(and its id; an item\'s own `id`, as a list read shows it, is ignored), new ones are created, missing ones deleted; one audit entry (replace_list) with the difference. Each item is ' +
      `validated like a create (errors at $.items[i]...), and a bad one changes nothing. Up to ${LIST_BODY_LIMIT / 1024 / 1024} MiB (413 above)`,
    requestBody: list({ $ref: `#/components/schemas/${title}` } as JsonSchema),
    success: { status: 200, description: 'The list as stored, in creation order; a `Warning: 299` header for each item that matches more than it seems to say (the first 10)', schema: list({ $ref: `#/components/schemas/${title}` } as JsonSchema) },
    handle: async (request) => {
      const manager = managerOf(request.headers);
      const { objects, warnings } = await service.replaceList(request.principal as Principal, request.params.virtual_server_id, request.body);
      await service.markAllManaged(objects, manager);
      const headers: Record<string, string> = warnings.length > 0 ? { Warning: warningHeader(warnings) } : {};
      return { status: 200, json: { items: await service.present(objects) }, headers };
    },
  };
}

/** Routes for `service`'s resource; nested resources take the virtual server id from `{virtual_server_id}`. */
export function resourceRoutes(service: ResourceService): ApiRoute[] {
  const { title, collectionPath } = service.definition;
  const itemPath = `${collectionPath}/{id}`;
  const tag = title;
  const parentOf = (request: ApiRequest) => request.params.virtual_server_id ?? null;
  const who = (request: ApiRequest) => request.principal as Principal;
  const warned = service.definition.warnings ? '; a `Warning: 299` header for each way it matches more than it seems to say' : '';
  return [
    {
      method: 'get', path: collectionPath, tag, summary: `List ${title} objects`,
      success: { status: 200, description: 'The objects the caller may read', schema: { type: 'object', properties: { items: { type: 'array', items: { $ref: `#/components/schemas/${title}` } } } } },
      handle: async (request) => {
        const manager = service.definition.listKey ? managerOf(request.headers) : undefined;
        const objects = await service.list(who(request), parentOf(request));
        // A list replaced as a whole is what a tool manages: its read (a refresh, an import) claims every object listed.
        await service.markAllManaged(objects, manager);
        return { status: 200, json: { items: await service.present(objects) } };
      },
    },
    ...(service.definition.listKey ? [listReplacementRoute(service)] : []),
    {
      method: 'post', path: collectionPath, tag, summary: `Create a ${title}`, requestBody: title,
      success: { status: 201, description: `Created; the full object with defaults and server-filled fields${warned}`, schema: title },
      handle: async (request) => {
        // Read before the write: a bad header is a 400 that changes nothing.
        const manager = managerOf(request.headers);
        const created = await service.create(who(request), parentOf(request), request.body, idempotencyKey(request));
        return writtenResponse(service, 201, created, manager, itemPath.replace('{virtual_server_id}', created.parentId ?? '').replace('{id}', created.id));
      },
    },
    {
      method: 'get', path: itemPath, tag, summary: `Read a ${title}`,
      success: { status: 200, description: 'The object; ETag header = its version', schema: title },
      handle: async (request) => {
        const manager = managerOf(request.headers);
        return objectResponse(service, 200, await service.get(who(request), parentOf(request), request.params.id), manager);
      },
    },
    {
      method: 'put', path: itemPath, tag, summary: `Replace a ${title} (omitted optional fields take their defaults)`, requestBody: title,
      success: { status: 200, description: `The object as stored${warned}`, schema: title },
      handle: async (request) => {
        const manager = managerOf(request.headers);
        return writtenResponse(service, 200, await service.update(who(request), parentOf(request), request.params.id, request.body, ifMatch(request)), manager);
      },
    },
    {
      method: 'patch', path: itemPath, tag, summary: `Change a ${title} with a JSON merge patch (RFC 7396)`, requestBody: { type: 'object' },
      success: { status: 200, description: `The object as stored${warned}`, schema: title },
      handle: async (request) => {
        if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body)) {
          throw ApiError.validation([{ path: '$', message: 'must be a JSON object (a JSON merge patch)' }]);
        }
        const manager = managerOf(request.headers);
        const current = await service.get(who(request), parentOf(request), request.params.id);
        const merged = mergePatch(current.doc, request.body);
        return writtenResponse(service, 200, await service.update(who(request), parentOf(request), request.params.id, merged, ifMatch(request)), manager);
      },
    },
    {
      method: 'delete', path: itemPath, tag, summary: `Delete a ${title}`,
      success: { status: 204, description: 'Deleted' },
      handle: async (request) => {
        await service.remove(who(request), parentOf(request), request.params.id, ifMatch(request));
        return { status: 204 };
      },
    },
  ];
}
