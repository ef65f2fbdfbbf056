// Data source smtp_virtual_server: reads one virtual server, found by id or by name, with every setting.
import type { ApiClient } from '../client/api-client.ts';
import type { DataSource } from '../framework/data-source.ts';
import { DiagnosticsError } from '../framework/diagnostics-error.ts';
import { attribute } from '../framework/schema/attribute.ts';
import { exactlyOneOf } from '../framework/validators/object-validators.ts';
import { stringMatching } from '../framework/validators/value-validators.ts';
import { smtpVirtualServer, virtualServerFrom, type SmtpVirtualServer } from '../resources/smtp-virtual-server.ts';
import { computedAttributes } from './computed-attributes.ts';

const COLLECTION = '/v1/virtual-servers';
const nonEmpty = stringMatching(/\S/, 'a non-empty string', { min: 1 });
// `timeouts` bounds the resource's waits: nothing for a data source to read.
const { id: _id, name: _name, timeouts: _timeouts, ...settings } = smtpVirtualServer.schema.attributes;

type Found = Parameters<typeof virtualServerFrom>[0];

/** Finds by id (GET the item) or by name (the one virtual server of that name in the list; none or several is an error). */
async function find(config: SmtpVirtualServer, client: ApiClient): Promise<Found> {
  if (config.id !== null) {
    const found = await client.get<Found>(`${COLLECTION}/${encodeURIComponent(config.id)}`, { what: `reading virtual server ${config.id}` });
    if (found) return found.body;
    throw DiagnosticsError.attribute([{ attribute: 'id' }], 'Virtual server not found', `No virtual server has the id "${config.id}".`);
  }
  const list = await client.get<{ items: Found[] }>(COLLECTION, { what: 'listing virtual servers' });
  const named = (list?.body.items ?? []).filter((server) => server.name === config.name);
  if (named.length === 1) return named[0];
  throw DiagnosticsError.attribute([{ attribute: 'name' }], named.length ? 'Ambiguous virtual server name' : 'Virtual server not found',
    named.length
      ? `${named.length} virtual servers are named "${config.name}" (${named.map((s) => s.id).join(', ')}): look it up by id instead.`
      : `No virtual server you may read is named "${config.name}".`);
}

/** `data "smtp_virtual_server"`: set exactly one of `id` or `name`; everything else is read. */
export const smtpVirtualServerData: DataSource<SmtpVirtualServer, ApiClient> = {
  typeName: 'smtp_virtual_server',
  schema: {
    description: 'Reads one virtual server of the relay and all its settings (the write-only outbound password excepted). ' +
      'Look it up by `id`, or by `name` when exactly one virtual server you may read has that name.',
    attributes: {
      id: attribute.string({ description: 'The virtual server id. Set this or `name`.', optional: true, computed: true, validators: [nonEmpty] }),
      name: attribute.string({ description: 'The virtual server name. Set this or `id`.', optional: true, computed: true, validators: [nonEmpty] }),
      ...computedAttributes(settings),
    },
    validators: [exactlyOneOf('id', 'name')],
  },

  async read(config, context) {
    return virtualServerFrom(await find(config, context.client));
  },
};
