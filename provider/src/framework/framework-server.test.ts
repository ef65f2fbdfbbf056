// Tests the framework's provider server: configure (client built once, errors on the attribute), data sources, stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../plugin/logger.ts';
import { decodeDynamicValue, encodeDynamicValue } from '../protocol/dynamic-value.ts';
import { UNKNOWN, type TfValue } from '../protocol/value.ts';
import type { DataSource } from './data-source.ts';
import { DiagnosticsError } from './diagnostics-error.ts';
import { createProviderServer } from './framework-server.ts';
import type { ProviderDefinition } from './provider-definition.ts';
import { attribute } from './schema/attribute.ts';
import { schemaType, type ObjectSchema } from './schema/object-schema.ts';

interface Client { greeting: string }

const lookup: DataSource<{ name: string; message: string | null }, Client> = {
  typeName: 'x_greeting',
  schema: { description: 'a greeting', attributes: {
    name: attribute.string({ description: 'who', required: true }),
    message: attribute.string({ description: 'the greeting', computed: true }),
  } },
  async read(config, { client }) {
    if (config.name === 'nobody') throw DiagnosticsError.attribute([{ attribute: 'name' }], 'Not found', 'no such person');
    return { ...config, message: `${client.greeting}, ${config.name}` };
  },
};

const providerSchema: ObjectSchema = { description: 'test provider', attributes: { greeting: attribute.string({ description: 'greeting word', optional: true }) } };
let configured = 0;
const definition: ProviderDefinition<Client, { greeting: string | null }> = {
  typeName: 'x',
  schema: providerSchema,
  async configure(config) {
    configured++;
    if (config.greeting === '') throw DiagnosticsError.attribute([{ attribute: 'greeting' }], 'Empty greeting', 'say something');
    return { greeting: config.greeting ?? 'Hello' };
  },
  resources: [],
  dataSources: [lookup],
  ephemeralResources: [],
};

const providerConfig = (greeting: TfValue) => encodeDynamicValue({ greeting }, schemaType(providerSchema));
const dataConfig = (name: string) => encodeDynamicValue({ name, message: null }, schemaType(lookup.schema));

test('a data source reads through the configured client', async () => {
  const server = createProviderServer(definition, createLogger('off'));
  const early = await server.readDataSource({ typeName: 'x_greeting', config: dataConfig('ann'), clientCapabilities: { deferralAllowed: false, writeOnlyAttributesAllowed: true } });
  assert.match(early.diagnostics[0].summary, /not configured/);
  const before = configured;
  assert.deepEqual((await server.configureProvider({ terraformVersion: '1.11.4', config: providerConfig('Hi'), clientCapabilities: { deferralAllowed: false, writeOnlyAttributesAllowed: true } })).diagnostics, []);
  assert.equal(configured, before + 1);
  const read = await server.readDataSource({ typeName: 'x_greeting', config: dataConfig('ann'), clientCapabilities: { deferralAllowed: false, writeOnlyAttributesAllowed: true } });
  assert.deepEqual(decodeDynamicValue(read.state, schemaType(lookup.schema)), { message: 'Hi, ann', name: 'ann' });
  const missing = await server.readDataSource({ typeName: 'x_greeting', config: dataConfig('nobody'), clientCapabilities: { deferralAllowed: false, writeOnlyAttributesAllowed: true } });
  assert.deepEqual(missing.diagnostics[0].attribute, [{ attribute: 'name' }]);
});

test('configure errors are diagnostics on the provider attribute; unknown provider config is refused', async () => {
  const server = createProviderServer(definition, createLogger('off'));
  const capabilities = { deferralAllowed: false, writeOnlyAttributesAllowed: true };
  const bad = await server.configureProvider({ terraformVersion: '1.11.4', config: providerConfig(''), clientCapabilities: capabilities });
  assert.deepEqual(bad.diagnostics[0].attribute, [{ attribute: 'greeting' }]);
  const unknown = await server.configureProvider({ terraformVersion: '1.11.4', config: providerConfig(UNKNOWN), clientCapabilities: capabilities });
  assert.match(unknown.diagnostics[0].summary, /not known yet/);
});

test('configure gets the process\'s one abort signal, which StopProvider fires', async () => {
  const signals: AbortSignal[] = [];
  const server = createProviderServer({ ...definition, configure: async (_config, { signal }) => { signals.push(signal); return { greeting: 'Hi' }; } }, createLogger('off'));
  const capabilities = { deferralAllowed: false, writeOnlyAttributesAllowed: true };
  for (let i = 0; i < 2; i++) await server.configureProvider({ terraformVersion: '1.11.4', config: providerConfig('Hi'), clientCapabilities: capabilities });
  assert.equal(signals[0], signals[1], 'one signal for the process');
  assert.equal(signals[0].aborted, false);
  await server.stopProvider();
  assert.equal(signals[0].aborted, true);
});

test('type names must carry the provider prefix', () => {
  assert.throws(() => createProviderServer({ ...definition, dataSources: [{ ...lookup, typeName: 'greeting' }] }, createLogger('off')), /must start with x_/);
});
