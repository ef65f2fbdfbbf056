// Tests the provider's schema as Terraform receives it: documented attributes, capabilities, type names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createProviderServer } from '../../provider/src/framework/framework-server.ts';
import { serviceDefinition } from '../../provider/src/plugin/grpc-service-definition.ts';
import { reflectedServiceDefinition } from '../../provider/src/plugin/reflected-service-definition.ts';
import { createLogger } from '../../provider/src/plugin/logger.ts';
import tfplugin6Codecs from '../../provider/src/protocol/generated/tfplugin6.codecs.ts';
import tfplugin6Json from '../../provider/src/protocol/generated/tfplugin6.json' with { type: 'json' };
import { tf6Service } from '../../provider/src/protocol/tf6-service.ts';
import type { SchemaAttribute } from '../../provider/src/protocol/schema.ts';
import { smtpProvider } from '../../provider/src/smtp-provider.ts';

const server = createProviderServer(smtpProvider({}), createLogger('off'));

function undocumented(attributes: SchemaAttribute[], prefix: string): string[] {
  return attributes.flatMap((a) => [
    ...(a.description.trim().length < 10 ? [`${prefix}${a.name}`] : []),
    ...(a.nestedType ? undocumented(a.nestedType.attributes, `${prefix}${a.name}.`) : []),
  ]);
}

test('every attribute of the provider, resources, data sources and ephemeral resources has a description (for generated docs)', async () => {
  const schema = await server.getProviderSchema();
  const schemas = { provider: schema.provider, ...schema.resourceSchemas, ...schema.dataSourceSchemas, ...schema.ephemeralResourceSchemas };
  for (const [name, s] of Object.entries(schemas)) {
    assert.ok(s.block.description.length > 10, `${name} has a description`);
    assert.deepEqual(undocumented(s.block.attributes, `${name}.`), []);
  }
});

test('capabilities: plan_destroy and get_provider_schema_optional; metadata lists smtp_account', async () => {
  const metadata = await server.getMetadata();
  assert.equal(metadata.serverCapabilities.planDestroy, true);
  assert.equal(metadata.serverCapabilities.getProviderSchemaOptional, true);
  assert.ok(metadata.resources.includes('smtp_account'));
});

test('smtp_account: id computed, name forces replacement, password write-only and sensitive', async () => {
  const { resourceSchemas } = await server.getProviderSchema();
  const byName = Object.fromEntries(resourceSchemas.smtp_account.block.attributes.map((a) => [a.name, a]));
  assert.equal(byName.id.computed, true);
  assert.equal(byName.name.required, true);
  assert.deepEqual([byName.domain.optional, byName.domain.computed], [true, true]);
  assert.deepEqual([byName.password_wo.writeOnly, byName.password_wo.sensitive], [true, true]);
  assert.equal(byName.password_wo_version.writeOnly, false);
});

test('smtp_token: an ephemeral resource in metadata and schema; the token is computed and sensitive, ttl_seconds defaults', async () => {
  assert.deepEqual((await server.getMetadata()).ephemeralResources, ['smtp_token']);
  const { ephemeralResourceSchemas } = await server.getProviderSchema();
  const byName = Object.fromEntries(ephemeralResourceSchemas.smtp_token.block.attributes.map((a) => [a.name, a]));
  assert.deepEqual(Object.keys(byName), ['account_id', 'expires_at', 'token', 'ttl_seconds']);
  assert.deepEqual([byName.token.computed, byName.token.optional, byName.token.sensitive], [true, false, true]);
  assert.deepEqual([byName.account_id.optional, byName.account_id.computed, byName.account_id.sensitive], [true, true, false]);
  assert.deepEqual([byName.ttl_seconds.optional, byName.ttl_seconds.computed], [true, true]);
  const invalid = await server.validateEphemeralResourceConfig({ typeName: 'smtp_nothing' });
  assert.match(invalid.diagnostics[0].summary, /Unknown ephemeral resource type/);
});

test('unknown type names are diagnostics, not crashes', async () => {
  const response = await server.validateResourceConfig({ typeName: 'smtp_nothing' });
  assert.match(response.diagnostics[0].summary, /Unknown resource type/);
});

test('GetProviderSchema and PlanResourceChange code to the same bytes with the generated codecs as with protobufjs reflection', async () => {
  const pregenerated = serviceDefinition(tfplugin6Codecs, 'tfplugin6.Provider');
  const generated = reflectedServiceDefinition(tfplugin6Json, 'tfplugin6.Provider');
  const getSchema = tf6Service(server, createLogger('off')).implementation.GetProviderSchema as (request: object) => Promise<object>;
  const schema = await getSchema({});
  const bytes = pregenerated.GetProviderSchema.encodeResponse(schema);
  assert.deepEqual(Buffer.from(bytes), Buffer.from(generated.GetProviderSchema.encodeResponse(schema)));
  assert.ok(bytes.length > 5000, `the whole schema (${bytes.length} bytes)`);
  assert.deepEqual(pregenerated.GetProviderSchema.decodeResponse(bytes), generated.GetProviderSchema.decodeResponse(bytes));
  const plan = { type_name: 'smtp_relay_rule', prior_state: { msgpack: Buffer.from([0xc0]) }, proposed_new_state: { msgpack: Buffer.from([0x81, 0xa1, 0x61, 0x01]) }, client_capabilities: { deferral_allowed: true } };
  const request = generated.PlanResourceChange.encodeRequest(plan);
  assert.deepEqual(Buffer.from(pregenerated.PlanResourceChange.encodeRequest(plan)), Buffer.from(request));
  assert.deepEqual(pregenerated.PlanResourceChange.decodeRequest(request), generated.PlanResourceChange.decodeRequest(request));
});

test('the generated protocol descriptors, codecs and types are what the generator writes now from the .proto files and protobufjs', () => {
  const result = spawnSync(process.execPath, ['provider/scripts/generate-protos.mjs', '--check'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
});
