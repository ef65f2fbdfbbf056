// UpgradeResourceState: brings stored state (JSON, any older schema version) to the current schema.
import type { Diagnostic } from '../protocol/diagnostic.ts';
import { decodeJsonValue } from '../protocol/dynamic-value.ts';
import type { TfValue } from '../protocol/value.ts';
import type { AnyResource } from './resource.ts';
import { schemaType } from './schema/object-schema.ts';

/**
 * Returns the state as a value of the current schema. Same version: the JSON is read with the current
 * type (attributes no longer in the schema are dropped, new ones are null). Older versions run the
 * resource's upgraders in order first. Newer versions or legacy flatmap state are errors.
 */
export function upgradeState(resource: AnyResource<unknown>, version: number, json: Uint8Array | undefined): { state: TfValue; diagnostics: Diagnostic[] } {
  const current = resource.schema.version ?? 0;
  const error = (summary: string, detail: string) => ({ state: null, diagnostics: [{ severity: 'error' as const, summary, detail }] });
  if (!json) return error('Unable to Upgrade Resource State', `${resource.typeName}: state in the legacy flatmap format is not supported.`);
  if (version > current) {
    return error('Unable to Upgrade Resource State', `${resource.typeName}: the state was written by a newer provider (schema version ${version}, this provider knows ${current}). Upgrade the provider.`);
  }
  if (version === current) return { state: decodeJsonValue(json, schemaType(resource.schema)), diagnostics: [] };
  let raw = JSON.parse(Buffer.from(json).toString('utf8')) as Record<string, unknown>;
  for (let v = version; v < current; v++) {
    const upgrade = resource.stateUpgraders?.[v];
    if (!upgrade) return error('Unable to Upgrade Resource State', `${resource.typeName}: no upgrader from schema version ${v} to ${v + 1}.`);
    raw = upgrade(raw);
  }
  return { state: decodeJsonValue(JSON.stringify(raw), schemaType(resource.schema)), diagnostics: [] };
}
