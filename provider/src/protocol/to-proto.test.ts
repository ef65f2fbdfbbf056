// Tests to-proto: protocol responses, encoded by the generated codecs and decoded as Terraform reads them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceDefinition } from '../plugin/grpc-service-definition.ts';
import type { Diagnostic } from './diagnostic.ts';
import tfplugin6Codecs from './generated/tfplugin6.codecs.ts';
import * as tfplugin6 from './generated/tfplugin6.types.ts';
import type { Schema } from './schema.ts';
import { typeFromJson, Types } from './tf-type.ts';
import * as toProto from './to-proto.ts';

const tf6 = serviceDefinition(tfplugin6Codecs, 'tfplugin6.Provider');
const empty = Buffer.alloc(0);
const { ERROR, WARNING } = tfplugin6.Diagnostic_Severity;
const capabilities = { planDestroy: true, getProviderSchemaOptional: true, moveResourceState: false };

const diagnostics: Diagnostic[] = [
  { severity: 'error', summary: 'Invalid port', detail: 'must be 1-65535', attribute: [{ attribute: 'listeners' }, { index: 2 }, { attribute: 'port' }] },
  { severity: 'warning', summary: 'Deprecated', attribute: [{ attribute: 'tags' }, { key: 'env' }] },
  { severity: 'error', summary: 'No path' },
];
/** `diagnostics` as Terraform decodes them: every step says which selector it uses, absent fields are defaults. */
const decodedDiagnostics: tfplugin6.Diagnostic[] = [
  { severity: ERROR, summary: 'Invalid port', detail: 'must be 1-65535', attribute: { steps: [
    { selector: 'attribute_name', attribute_name: 'listeners' }, { selector: 'element_key_int', element_key_int: 2 }, { selector: 'attribute_name', attribute_name: 'port' },
  ] } },
  { severity: WARNING, summary: 'Deprecated', detail: '', attribute: { steps: [{ selector: 'attribute_name', attribute_name: 'tags' }, { selector: 'element_key_string', element_key_string: 'env' }] } },
  { severity: ERROR, summary: 'No path', detail: '', attribute: null },
];

test('PlanResourceChange: planned state, requires_replace paths, private bytes and diagnostics; nothing deferred', () => {
  const planned = { msgpack: Buffer.from([0x81, 0xa1, 0x61, 0x01]) };
  const response = tf6.PlanResourceChange.decodeResponse(tf6.PlanResourceChange.encodeResponse(toProto.planResourceChangeResponse({
    plannedState: planned,
    requiresReplace: [[{ attribute: 'name' }], [{ attribute: 'rules' }, { index: 0 }, { attribute: 'cidr' }]],
    plannedPrivate: Buffer.from('{"v":2}'),
    diagnostics,
  })));
  assert.deepEqual(response, {
    planned_state: { msgpack: planned.msgpack, json: empty },
    requires_replace: [
      { steps: [{ selector: 'attribute_name', attribute_name: 'name' }] },
      { steps: [{ selector: 'attribute_name', attribute_name: 'rules' }, { selector: 'element_key_int', element_key_int: 0 }, { selector: 'attribute_name', attribute_name: 'cidr' }] },
    ],
    planned_private: Buffer.from('{"v":2}'),
    diagnostics: decodedDiagnostics,
    legacy_type_system: false,
    deferred: null,
  } satisfies tfplugin6.PlanResourceChange_Response);
});

test('GetProviderSchema: Markdown descriptions, JSON types, nested attributes with their nesting, write-only and sensitive flags', () => {
  const schema: Schema = {
    version: 3,
    block: {
      description: 'A relay rule.',
      attributes: [
        { name: 'id', type: Types.string, description: 'Id.', computed: true },
        { name: 'password_wo', type: Types.string, description: 'Password.', optional: true, sensitive: true, writeOnly: true },
        {
          name: 'listeners', description: 'Listeners.', required: true,
          nestedType: { nesting: 'list', attributes: [{ name: 'port', type: Types.number, description: 'Port.', optional: true, computed: true, deprecated: true }] },
        },
      ],
    },
  };
  const response = tf6.GetProviderSchema.decodeResponse(tf6.GetProviderSchema.encodeResponse(toProto.getProviderSchemaResponse({
    provider: { version: 0, block: { description: 'The provider.', attributes: [] } },
    resourceSchemas: { smtp_relay_rule: schema },
    dataSourceSchemas: {},
    ephemeralResourceSchemas: { smtp_token: { version: 0, block: { description: 'A token.', attributes: [{ name: 'token', type: Types.string, description: 'T.', computed: true, sensitive: true }] } } },
    diagnostics: [],
    serverCapabilities: capabilities,
  })));
  assert.deepEqual(Object.keys(response.resource_schemas), ['smtp_relay_rule']);
  const token = response.ephemeral_resource_schemas.smtp_token.block!;
  assert.deepEqual([token.description, token.attributes.map((a) => [a.name, a.computed, a.sensitive])], ['A token.', [['token', true, true]]]);
  assert.deepEqual(response.server_capabilities, { plan_destroy: true, get_provider_schema_optional: true, move_resource_state: false });
  assert.deepEqual([response.data_source_schemas, response.functions, response.provider_meta], [{}, {}, null]);
  const rule = response.resource_schemas.smtp_relay_rule;
  assert.equal(rule.version, 3);
  const block = rule.block!;
  assert.deepEqual([block.version, block.description, block.description_kind, block.block_types, block.deprecated], [3, 'A relay rule.', tfplugin6.StringKind.MARKDOWN, [], false]);
  const [id, password, listeners] = block.attributes;
  assert.deepEqual({ ...id, type: typeFromJson(JSON.parse(Buffer.from(id.type).toString())) }, {
    name: 'id', type: Types.string, nested_type: null, description: 'Id.', description_kind: tfplugin6.StringKind.MARKDOWN,
    required: false, optional: false, computed: true, sensitive: false, deprecated: false, write_only: false,
  });
  assert.deepEqual([password.optional, password.sensitive, password.write_only], [true, true, true]);
  assert.deepEqual([listeners.required, listeners.type, listeners.nested_type?.nesting], [true, empty, tfplugin6.Schema_Object_NestingMode.LIST]);
  const port = listeners.nested_type!.attributes[0];
  assert.deepEqual([port.name, JSON.parse(Buffer.from(port.type).toString()), port.optional, port.computed, port.deprecated, port.write_only], ['port', 'number', true, true, true, false]);
});

test('GetMetadata lists resource, data source and ephemeral resource type names with the server capabilities', () => {
  const response = tf6.GetMetadata.decodeResponse(tf6.GetMetadata.encodeResponse(toProto.getMetadataResponse({
    serverCapabilities: capabilities, resources: ['smtp_account', 'smtp_relay_rule'], dataSources: ['smtp_relay_check'], ephemeralResources: ['smtp_token'],
    diagnostics: [diagnostics[1]],
  })));
  assert.deepEqual(response, {
    server_capabilities: { plan_destroy: true, get_provider_schema_optional: true, move_resource_state: false },
    diagnostics: [decodedDiagnostics[1]],
    resources: [{ type_name: 'smtp_account' }, { type_name: 'smtp_relay_rule' }],
    data_sources: [{ type_name: 'smtp_relay_check' }],
    functions: [],
    ephemeral_resources: [{ type_name: 'smtp_token' }],
  } satisfies tfplugin6.GetMetadata_Response);
});

test('state responses: an absent state is an absent message, private bytes and imported resources arrive as sent', () => {
  const state = { msgpack: Buffer.from([0x80]) };
  const read = tf6.ReadResource.decodeResponse(tf6.ReadResource.encodeResponse(toProto.readResourceResponse({ newState: undefined, private: Buffer.from('k'), diagnostics: [] })));
  assert.deepEqual(read, { new_state: null, diagnostics: [], private: Buffer.from('k'), deferred: null } satisfies tfplugin6.ReadResource_Response);
  const applied = tf6.ApplyResourceChange.decodeResponse(tf6.ApplyResourceChange.encodeResponse(toProto.applyResourceChangeResponse({ newState: state, private: empty, diagnostics })));
  assert.deepEqual(applied, { new_state: { msgpack: state.msgpack, json: empty }, private: empty, diagnostics: decodedDiagnostics, legacy_type_system: false } satisfies tfplugin6.ApplyResourceChange_Response);
  const imported = tf6.ImportResourceState.decodeResponse(tf6.ImportResourceState.encodeResponse(toProto.importResourceStateResponse({
    importedResources: [{ typeName: 'smtp_account', state, private: Buffer.from('p') }], diagnostics: [],
  })));
  assert.deepEqual(imported, {
    imported_resources: [{ type_name: 'smtp_account', state: { msgpack: state.msgpack, json: empty }, private: Buffer.from('p') }],
    diagnostics: [],
    deferred: null,
  } satisfies tfplugin6.ImportResourceState_Response);
  const upgraded = tf6.UpgradeResourceState.decodeResponse(tf6.UpgradeResourceState.encodeResponse(toProto.upgradeResourceStateResponse({ upgradedState: state, diagnostics: [] })));
  assert.deepEqual(upgraded, { upgraded_state: { msgpack: state.msgpack, json: empty }, diagnostics: [] } satisfies tfplugin6.UpgradeResourceState_Response);
  const data = tf6.ReadDataSource.decodeResponse(tf6.ReadDataSource.encodeResponse(toProto.readDataSourceResponse({ state: undefined, diagnostics: [diagnostics[0]] })));
  assert.deepEqual(data, { state: null, diagnostics: [decodedDiagnostics[0]], deferred: null } satisfies tfplugin6.ReadDataSource_Response);
});

test('ephemeral responses: renew_at is a protobuf Timestamp only when asked for; the private bytes arrive as sent', () => {
  const result = { msgpack: Buffer.from([0x80]) };
  const at = new Date('2026-12-08T00:00:01.250Z');
  const opened = tf6.OpenEphemeralResource.decodeResponse(tf6.OpenEphemeralResource.encodeResponse(toProto.openEphemeralResourceResponse({
    result, private: Buffer.from('{"id":"t1"}'), renewAt: at, diagnostics: [],
  })));
  assert.deepEqual(opened.result, { msgpack: result.msgpack, json: empty });
  assert.deepEqual([opened._private, Buffer.from(opened._private === 'private' ? opened.private : empty).toString()], ['private', '{"id":"t1"}']);
  assert.deepEqual(opened._renew_at === 'renew_at' ? opened.renew_at : null, { seconds: Math.floor(at.getTime() / 1000), nanos: 250_000_000 });
  const never = tf6.OpenEphemeralResource.decodeResponse(tf6.OpenEphemeralResource.encodeResponse(toProto.openEphemeralResourceResponse({
    result: undefined, private: empty, diagnostics,
  })));
  assert.deepEqual([never.result, never._renew_at, never.diagnostics], [null, undefined, decodedDiagnostics]);
  const renewed = tf6.RenewEphemeralResource.decodeResponse(tf6.RenewEphemeralResource.encodeResponse(toProto.renewEphemeralResourceResponse({ private: Buffer.from('p'), diagnostics: [] })));
  assert.deepEqual([renewed._renew_at, renewed._private === 'private' ? Buffer.from(renewed.private).toString() : null], [undefined, 'p']);
});

test('no functions: GetFunctions is empty and CallFunction answers with a function error naming the function', () => {
  assert.deepEqual(tf6.GetFunctions.decodeResponse(tf6.GetFunctions.encodeResponse(toProto.getFunctionsResponse())), { functions: {}, diagnostics: [] });
  const call = tf6.CallFunction.decodeResponse(tf6.CallFunction.encodeResponse(toProto.callFunctionResponse(tf6.CallFunction.decodeRequest(
    tf6.CallFunction.encodeRequest({ name: 'parse_address' })))));
  assert.deepEqual(call, { result: null, error: { text: 'function parse_address is not provided by this provider' } });
});
