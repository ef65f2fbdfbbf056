// API paths, import ids and ETag bookkeeping shared by the objects that live under a virtual server.
import type { ApiClient, Versioned } from '../client/api-client.ts';
import { DiagnosticsError } from '../framework/diagnostics-error.ts';
import type { ResourceContext } from '../framework/resource.ts';

/** The collection under `/v1/virtual-servers/{id}/` this child type lives in. */
export type ChildCollection = 'operators' | 'connection-rules' | 'relay-rules' | 'remote-domains';

/** Every child model carries its parent and its own id. */
export interface ChildIds {
  id: string | null;
  virtual_server_id: string;
}

/** The import id forms of child objects: with its virtual server, or the bare id (ids are unique across virtual servers). */
export const CHILD_IMPORT_ID = '<virtual_server_id>/<id>';

/** URL builders for one child collection. */
export function childPaths(collection: ChildCollection) {
  const base = (serverId: string) => `/v1/virtual-servers/${encodeURIComponent(serverId)}/${collection}`;
  return {
    collection: base,
    item: (ids: { virtual_server_id: string; id: string | null }) => `${base(ids.virtual_server_id)}/${encodeURIComponent(ids.id!)}`,
  };
}

/** How many virtual servers a bare-id import asks about at once. */
const LOOKUP_BATCH = 8;

/**
 * The parent and own id an import id names: `<virtual_server_id>/<id>` as written, or a bare `<id>` looked up in every
 * virtual server the credentials may read (ids are unique, so at most one holds it). Anything else, and a bare id no
 * virtual server holds, is an error diagnostic that shows both forms.
 */
export async function childImportIds(typeName: string, collection: ChildCollection, importId: string, client: ApiClient): Promise<{ virtual_server_id: string; id: string }> {
  const parts = importId.split('/');
  const invalid = (problem: string) => new DiagnosticsError({
    severity: 'error',
    summary: 'Invalid import id',
    detail: `Import ${typeName} with an id of the form ${CHILD_IMPORT_ID}, e.g. "vs_123/abc", or the bare <id>; ${problem}.`,
  });
  if (parts.some((p) => p.trim() === '') || parts.length > 2) throw invalid(`got "${importId}"`);
  if (parts.length === 2) return { virtual_server_id: parts[0], id: parts[1] };
  const [id] = parts;
  const servers = (await client.get<{ items: Array<{ id: string }> }>('/v1/virtual-servers', { what: `finding the virtual server of ${typeName} ${id}` }))?.body.items ?? [];
  const paths = childPaths(collection);
  for (let start = 0; start < servers.length; start += LOOKUP_BATCH) {
    const batch = servers.slice(start, start + LOOKUP_BATCH);
    const found = await Promise.all(batch.map((server) => client.get(paths.item({ virtual_server_id: server.id, id }), { what: `finding ${typeName} ${id}` })));
    const index = found.findIndex((object) => object !== null);
    if (index >= 0) return { virtual_server_id: batch[index].id, id };
  }
  throw invalid(`no virtual server these credentials may read (${servers.length}) has a ${typeName} with id "${id}"`);
}

/** Stores the ETag the API returned (sent back as If-Match on the next update or delete) and returns the body. */
export function remember<T>(context: ResourceContext<ApiClient>, response: Versioned<T>): T {
  context.private.set('etag', response.etag);
  return response.body;
}

/** The ETag last seen for this instance, if any. */
export const lastEtag = (context: ResourceContext<ApiClient>) => context.private.get('etag') as string | undefined;
