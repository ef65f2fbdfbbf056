// Tests the ephemeral resource RPCs of the framework's provider server: open (defaults, computed result, private data),
// renew, close, validation, and every failure as a diagnostic, with a real ephemeral resource definition.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../plugin/logger.ts';
import { decodeDynamicValue, encodeDynamicValue } from '../protocol/dynamic-value.ts';
import { UNKNOWN, type TfValue } from '../protocol/value.ts';
import { DiagnosticsError } from './diagnostics-error.ts';
import type { EphemeralResource } from './ephemeral-resource.ts';
import { createProviderServer } from './framework-server.ts';
import { attribute } from './schema/attribute.ts';
import { schemaType } from './schema/object-schema.ts';
import { between } from './validators/value-validators.ts';

interface Lease { holder: string; minutes: number; secret: string | null }
/** The "remote system": leases by id, and what was asked of it. */
interface Client { leases: Map<string, string>; renewed: string[] }

const lease: EphemeralResource<Lease, Client> = {
  typeName: 'x_lease',
  schema: { description: 'a lease', attributes: {
    holder: attribute.string({ description: 'who', required: true }),
    minutes: attribute.number({ description: 'how long', default: 5, validators: [between(1, 60, { integer: true })] }),
    secret: attribute.string({ description: 'the secret', computed: true, sensitive: true }),
  } },
  async open(config, { client, private: data }) {
    if (config.holder === 'nobody') throw DiagnosticsError.attribute([{ attribute: 'holder' }], 'No such holder', 'nobody cannot hold a lease');
    const id = `lease-${client.leases.size + 1}`;
    client.leases.set(id, config.holder);
    data.set('id', id);
    return { result: { ...config, secret: `s3cret-${config.holder}-${config.minutes}` }, renewAt: config.minutes > 30 ? new Date(Date.UTC(2030, 0, 1)) : undefined };
  },
  async renew({ client, private: data }) {
    client.renewed.push(String(data.get('id')));
    return {};
  },
  async close({ client, private: data }) {
    if (!client.leases.delete(String(data.get('id')))) throw new Error(`lease ${String(data.get('id'))} was not open`);
  },
};

const type = schemaType(lease.schema);
const config = (holder: TfValue, minutes: TfValue = null) => encodeDynamicValue({ holder, minutes, secret: null }, type);
const capabilities = { deferralAllowed: false, writeOnlyAttributesAllowed: true };

async function serverWith(resource: EphemeralResource<Lease, Client> = lease) {
  const client: Client = { leases: new Map(), renewed: [] };
  const server = createProviderServer({
    typeName: 'x', schema: { description: 'p', attributes: {} }, configure: async () => client, resources: [], dataSources: [], ephemeralResources: [resource],
  }, createLogger('off'));
  const configured = await server.configureProvider({ terraformVersion: '1.11.4', config: encodeDynamicValue({}, schemaType({ attributes: {} })), clientCapabilities: capabilities });
  assert.deepEqual(configured.diagnostics, []);
  return { server, client };
}

test('metadata and schema list the ephemeral resource; validation uses its schema', async () => {
  const { server } = await serverWith();
  assert.deepEqual((await server.getMetadata()).ephemeralResources, ['x_lease']);
  const schema = (await server.getProviderSchema()).ephemeralResourceSchemas.x_lease;
  assert.deepEqual(schema.block.attributes.map((a) => [a.name, Boolean(a.computed), Boolean(a.sensitive)]), [['holder', false, false], ['minutes', true, false], ['secret', true, true]]);
  const invalid = await server.validateEphemeralResourceConfig({ typeName: 'x_lease', config: config('ann', 90) });
  assert.deepEqual(invalid.diagnostics.map((d) => d.attribute), [[{ attribute: 'minutes' }]]);
  assert.deepEqual((await server.validateEphemeralResourceConfig({ typeName: 'x_lease', config: config('ann') })).diagnostics, []);
  assert.match((await server.validateEphemeralResourceConfig({ typeName: 'x_other', config: config('ann') })).diagnostics[0].summary, /Unknown ephemeral resource type/);
});

test('open applies defaults, fills the computed result and keeps the private data for close, which releases exactly that instance', async () => {
  const { server, client } = await serverWith();
  const opened = await server.openEphemeralResource({ typeName: 'x_lease', config: config('ann'), clientCapabilities: capabilities });
  assert.deepEqual(opened.diagnostics, []);
  assert.deepEqual(decodeDynamicValue(opened.result, type), { holder: 'ann', minutes: 5, secret: 's3cret-ann-5' });
  assert.equal(opened.renewAt, undefined, 'not renewed unless asked');
  assert.deepEqual(JSON.parse(Buffer.from(opened.private).toString()), { id: 'lease-1' });
  await server.openEphemeralResource({ typeName: 'x_lease', config: config('bob', 10), clientCapabilities: capabilities });
  assert.deepEqual([...client.leases], [['lease-1', 'ann'], ['lease-2', 'bob']]);

  assert.deepEqual((await server.closeEphemeralResource({ typeName: 'x_lease', private: opened.private })).diagnostics, []);
  assert.deepEqual([...client.leases], [['lease-2', 'bob']]);
  const twice = await server.closeEphemeralResource({ typeName: 'x_lease', private: opened.private });
  assert.deepEqual(twice.diagnostics.map((d) => [d.severity, d.summary, d.detail]), [['error', 'Error closing x_lease', 'lease lease-1 was not open']]);
});

test('renew: asked for by open, called with the private data; a resource without renew refuses it', async () => {
  const { server, client } = await serverWith();
  const opened = await server.openEphemeralResource({ typeName: 'x_lease', config: config('ann', 45), clientCapabilities: capabilities });
  assert.deepEqual(opened.renewAt, new Date(Date.UTC(2030, 0, 1)));
  const renewed = await server.renewEphemeralResource({ typeName: 'x_lease', private: opened.private });
  assert.deepEqual([renewed.diagnostics, renewed.renewAt, client.renewed], [[], undefined, ['lease-1']]);
  assert.deepEqual(JSON.parse(Buffer.from(renewed.private).toString()), { id: 'lease-1' });

  const { renew: _renew, ...withoutRenew } = lease;
  const plain = (await serverWith(withoutRenew)).server;
  const refused = await plain.renewEphemeralResource({ typeName: 'x_lease', private: opened.private });
  assert.match(refused.diagnostics[0].detail ?? '', /cannot be renewed/);
  const asked = await plain.openEphemeralResource({ typeName: 'x_lease', config: config('ann', 45), clientCapabilities: capabilities });
  assert.match(asked.diagnostics[0].detail ?? '', /asked to be renewed but has no renew/);
});

test('failures are diagnostics: the resource\'s own on its attribute, unknown configuration, unknown type, not configured', async () => {
  const { server, client } = await serverWith();
  const nobody = await server.openEphemeralResource({ typeName: 'x_lease', config: config('nobody'), clientCapabilities: capabilities });
  assert.deepEqual([nobody.result, nobody.diagnostics[0].summary, nobody.diagnostics[0].attribute], [undefined, 'No such holder', [{ attribute: 'holder' }]]);
  const unknown = await server.openEphemeralResource({ typeName: 'x_lease', config: config(UNKNOWN), clientCapabilities: capabilities });
  assert.match(unknown.diagnostics[0].summary, /not known yet/);
  assert.equal(client.leases.size, 0, 'nothing was opened');
  for (const response of [
    await server.openEphemeralResource({ typeName: 'x_other', config: config('ann'), clientCapabilities: capabilities }),
    await server.renewEphemeralResource({ typeName: 'x_other', private: new Uint8Array(0) }),
    await server.closeEphemeralResource({ typeName: 'x_other', private: new Uint8Array(0) }),
  ]) assert.match(response.diagnostics[0].detail ?? '', /no ephemeral resource "x_other"/);

  const early = createProviderServer({ typeName: 'x', schema: { description: 'p', attributes: {} }, configure: async () => client, resources: [], dataSources: [], ephemeralResources: [lease] }, createLogger('off'));
  assert.match((await early.openEphemeralResource({ typeName: 'x_lease', config: config('ann'), clientCapabilities: capabilities })).diagnostics[0].summary, /not configured/);
});
