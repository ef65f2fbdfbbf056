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

/** The import id form of child objects (the API needs the parent in the path). */
export const CHILD_IMPORT_ID = '<virtual_server_id>/<id>';

/** URL builders for one child collection. */
export function childPaths(collection: ChildCollection) {
  const base = (serverId: string) => `/v1/virtual-servers/${encodeURIComponent(serverId)}/${collection}`;
  return {
    collection: base,
    item: (ids: { virtual_server_id: string; id: string | null }) => `${base(ids.virtual_server_id)}/${encodeURIComponent(ids.id!)}`,
  };
}

/**
 * Splits an import id of the form `<virtual_server_id>/<id>`; anything else is an error diagnostic
 * that shows the expected form.
 */
export function parseChildImportId(typeName: string, importId: string): { virtual_server_id: string; id: string } {
  const parts = importId.split('/');
  if (parts.length !== 2 || parts.some((p) => p.trim() === '')) {
    throw new DiagnosticsError({
      severity: 'error',
      summary: 'Invalid import id',
      detail: `Import ${typeName} with an id of the form ${CHILD_IMPORT_ID}, e.g. "vs_123/abc"; got "${importId}".`,
    });
  }
  return { virtual_server_id: parts[0], id: parts[1] };
}

/** Stores the ETag the API returned (sent back as If-Match on the next update or delete) and returns the body. */
export function remember<T>(context: ResourceContext<ApiClient>, response: Versioned<T>): T {
  context.private.set('etag', response.etag);
  return response.body;
}

/** The ETag last seen for this instance, if any. */
export const lastEtag = (context: ResourceContext<ApiClient>) => context.private.get('etag') as string | undefined;
