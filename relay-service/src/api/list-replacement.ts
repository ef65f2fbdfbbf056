// A virtual server's whole list of one kind replaced at once: the items checked like single creates, matched to the stored objects by key.
import { isDeepStrictEqual } from 'node:util';
import { jsonPath } from '@relayform/schema/json-path.ts';
import type { ValidationDetail } from '@relayform/schema/validation-detail.ts';
import type { StoredObject } from '../store/config-store.ts';
import { ApiError } from './api-error.ts';
import type { ResourceDefinition, WriteContext } from './resource-definition.ts';
import { prepareWrite } from './write-document.ts';

/** The items of a list replacement's body, `{ "items": [ ... ] }`; a 422 naming the path otherwise. */
export function listItems(body: unknown): unknown[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw ApiError.validation([{ path: '$', message: 'must be a JSON object: { "items": [ ... ] }' }]);
  }
  const details: ValidationDetail[] = Object.keys(body).filter((name) => name !== 'items').map((name) => ({ path: jsonPath([name]), message: 'is not a known field' }));
  const { items } = body as { items?: unknown };
  if (items === undefined) details.push({ path: '$.items', message: 'is required' });
  else if (!Array.isArray(items)) details.push({ path: '$.items', message: 'must be of type array' });
  if (details.length > 0) throw ApiError.validation(details);
  return items as unknown[];
}

/** How many problems one answer lists: enough to fix a batch, not a 10,000-line error. */
const MAX_DETAILS = 100;

/** `$.cidr` of item 37 -> `$.items[37].cidr`. */
const itemPath = (index: number, path: string) => `$.items[${index}]${path.slice(1)}`;

/** An item without its `id`: a list read and sent back carries them, and an item keeps the stored object of its key whatever id it names. */
function withoutId(item: unknown): unknown {
  if (typeof item !== 'object' || item === null || Array.isArray(item) || !('id' in item)) return item;
  const { id: _ignored, ...rest } = item as Record<string, unknown>;
  return rest;
}

/** The items as they will be stored, and what they match beyond what they seem to say (definition.warnings, at `$.items[i]` paths). */
export interface PreparedItems {
  docs: Array<Record<string, unknown>>;
  warnings: ValidationDetail[];
}

/**
 * Every item as a create would store it (the same schema, defaults and checks: prepareWrite), in order, with `id` still
 * empty. One 422 lists the problems of every bad item (at most MAX_DETAILS), their paths under `$.items[i]`, and each
 * item whose key repeats an earlier item's.
 */
export async function prepareItems(definition: ResourceDefinition, items: unknown[], context: WriteContext): Promise<PreparedItems> {
  const docs: Array<Record<string, unknown>> = [];
  const warnings: ValidationDetail[] = [];
  const details: ValidationDetail[] = [];
  const firstByKey = new Map<string, number>();
  for (const [index, item] of items.entries()) {
    try {
      const { doc } = await prepareWrite(definition, withoutId(item), context);
      const key = definition.listKey!(doc);
      const first = firstByKey.get(key);
      if (first === undefined) firstByKey.set(key, index);
      else details.push({ path: itemPath(index, '$'), message: `matches the same as $.items[${first}]: a list holds each match once` });
      docs.push(doc);
      warnings.push(...(definition.warnings?.(doc) ?? []).map((warning) => ({ path: itemPath(index, warning.path), message: warning.message })));
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 422) throw error;
      details.push(...error.details.map((detail) => ({ path: itemPath(index, detail.path), message: detail.message })));
    }
    if (details.length >= MAX_DETAILS) break;
  }
  if (details.length > 0) throw ApiError.validation(details.slice(0, MAX_DETAILS));
  return { docs, warnings };
}

/** What replacing a list changes: objects whose key no item has (removed), items of a stored key with other members (changed), new keys (added). */
export interface ListChange {
  removed: StoredObject[];
  changed: Array<{ before: StoredObject; doc: Record<string, unknown> }>;
  added: Array<Record<string, unknown>>;
}

/**
 * Pairs `docs` with the `stored` list by key: an item keeps the stored object of its key and its id (the first one, if
 * the store holds a key twice); an identical item is no change at all.
 */
export function listChange(definition: ResourceDefinition, stored: StoredObject[], docs: Array<Record<string, unknown>>): ListChange {
  const byKey = new Map<string, StoredObject>();
  const removed: StoredObject[] = [];
  for (const object of stored) {
    const key = definition.listKey!(object.doc);
    if (byKey.has(key)) removed.push(object);
    else byKey.set(key, object);
  }
  const change: ListChange = { removed, changed: [], added: [] };
  for (const doc of docs) {
    const key = definition.listKey!(doc);
    const before = byKey.get(key);
    if (!before) {
      change.added.push(doc);
      continue;
    }
    byKey.delete(key);
    const kept = { ...doc, id: before.id };
    if (!isDeepStrictEqual(kept, before.doc)) change.changed.push({ before, doc: kept });
  }
  removed.push(...byKey.values());
  return change;
}

/** The audit entry's before and after of a list replacement: only the difference (each object's document). */
export function listAudit(change: ListChange): { before: unknown; after: unknown } {
  return {
    before: { removed: change.removed.map((object) => object.doc), changed: change.changed.map(({ before }) => before.doc) },
    after: { added: change.added, changed: change.changed.map(({ doc }) => doc) },
  };
}
