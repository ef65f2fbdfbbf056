// The queue as the management API shows it to the operator commands: filters as query strings, message paths, virtual servers by name or id.
import type { CommandContext } from './command.ts';
import { usageError } from './exit-codes.ts';
import type { OperatorApi } from './operator-api.ts';

/** The API path of a queued message (`/v1/queue/ID`) or, with `dead`, of a dead letter (`/v1/dead-letters/ID`). */
export function messagePath(id: string, dead: boolean): string {
  return `/v1/${dead ? 'dead-letters' : 'queue'}/${encodeURIComponent(id)}`;
}

/** The filter of GET /v1/queue and the bulk routes. */
export interface QueueFilterJson {
  virtual_server_id?: string;
  state?: 'fresh' | 'deferred';
  recipient_domain?: string;
}

/** The filter as query parameters (`&`-joined, without the leading `?`). */
export function filterQuery(filter: QueueFilterJson): string {
  return new URLSearchParams(Object.entries(filter).filter(([, value]) => value !== undefined) as Array<[string, string]>).toString();
}

/** --state, checked. */
export function stateFlag(context: CommandContext): QueueFilterJson['state'] {
  const state = context.values.state;
  if (state === undefined) return undefined;
  if (state !== 'fresh' && state !== 'deferred') throw usageError(`--state must be fresh or deferred, got "${String(state)}"`);
  return state;
}

/** The id of the virtual server named or identified by `nameOrId` (--virtual-server); a usage error when there is none. */
export async function virtualServerId(api: OperatorApi, nameOrId: string | undefined): Promise<string | undefined> {
  if (nameOrId === undefined) return undefined;
  const { items } = await api.json<{ items: Array<{ id: string; name: string }> }>('GET', '/v1/virtual-servers');
  const found = items.find((server) => server.id === nameOrId) ?? items.find((server) => server.name === nameOrId);
  if (!found) throw usageError(`--virtual-server: no virtual server named or with the id "${nameOrId}"`);
  return found.id;
}

/** The header fields of a raw message (up to the first empty line), continuation lines unfolded. */
export function headerFields(raw: Buffer): Array<{ name: string; value: string }> {
  const text = raw.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  const lines = (end < 0 ? text : text.slice(0, end)).split(/\r?\n/);
  const fields: Array<{ name: string; value: string }> = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && fields.length > 0) fields[fields.length - 1].value += ` ${line.trim()}`;
    else if (line.includes(':')) fields.push({ name: line.slice(0, line.indexOf(':')), value: line.slice(line.indexOf(':') + 1).trim() });
  }
  return fields;
}
