// Tests from-proto: requests encoded as Terraform sends them, decoded by the generated codecs, become protocol requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceDefinition } from '../plugin/grpc-service-definition.ts';
import { decodeDynamicValue, encodeDynamicValue } from './dynamic-value.ts';
import * as fromProto from './from-proto.ts';
import tfplugin6Codecs from './generated/tfplugin6.codecs.ts';
import { Types } from './tf-type.ts';
import { UNKNOWN, Unknown } from './value.ts';

const tf6 = serviceDefinition(tfplugin6Codecs, 'tfplugin6.Provider');
const ruleType = Types.object({ name: Types.string, port: Types.number, tags: Types.map(Types.string) });
const empty = Buffer.alloc(0);

test('PlanResourceChange: states, config, private bytes and both client capabilities arrive as sent', () => {
  const proposed = encodeDynamicValue({ name: 'r1', port: UNKNOWN, tags: { env: 'prod' } }, ruleType);
  const config = encodeDynamicValue({ name: 'r1', port: null, tags: null }, ruleType);
  const wire = tf6.PlanResourceChange.encodeRequest({
    type_name: 'smtp_relay_rule',
    proposed_new_state: { msgpack: proposed.msgpack },
    config: { msgpack: config.msgpack },
    prior_private: Buffer.from('{"v":1}'),
    client_capabilities: { deferral_allowed: true, write_only_attributes_allowed: true },
  });
  const request = fromProto.planResourceChangeRequest(tf6.PlanResourceChange.decodeRequest(wire));
  assert.deepEqual(request, {
    typeName: 'smtp_relay_rule',
    priorState: undefined,
    proposedNewState: { msgpack: Buffer.from(proposed.msgpack!), json: empty },
    config: { msgpack: Buffer.from(config.msgpack!), json: empty },
    priorPrivate: Buffer.from('{"v":1}'),
    clientCapabilities: { deferralAllowed: true, writeOnlyAttributesAllowed: true },
  });
  const { port, ...known } = decodeDynamicValue(request.proposedNewState, ruleType) as Record<string, unknown>;
  assert.deepEqual(known, { name: 'r1', tags: { env: 'prod' } });
  assert.ok(port instanceof Unknown, 'the unknown port stays unknown');
  assert.equal(decodeDynamicValue(request.priorState, ruleType), null, 'no prior state on create');
});

test('an older Terraform that sends no client capabilities allows neither deferral nor write-only attributes', () => {
  for (const [name, convert] of [
    ['ReadResource', (b: Uint8Array) => fromProto.readResourceRequest(tf6.ReadResource.decodeRequest(b)).clientCapabilities],
    ['ConfigureProvider', (b: Uint8Array) => fromProto.configureProviderRequest(tf6.ConfigureProvider.decodeRequest(b)).clientCapabilities],
    ['ImportResourceState', (b: Uint8Array) => fromProto.importResourceStateRequest(tf6.ImportResourceState.decodeRequest(b)).clientCapabilities],
    ['ReadDataSource', (b: Uint8Array) => fromProto.readDataSourceRequest(tf6.ReadDataSource.decodeRequest(b)).clientCapabilities],
  ] as const) {
    assert.deepEqual(convert(new Uint8Array(0)), { deferralAllowed: false, writeOnlyAttributesAllowed: false }, name);
  }
  const wire = tf6.ReadResource.encodeRequest({ client_capabilities: { write_only_attributes_allowed: true } });
  assert.deepEqual(fromProto.readResourceRequest(tf6.ReadResource.decodeRequest(wire)).clientCapabilities, { deferralAllowed: false, writeOnlyAttributesAllowed: true });
});

test('UpgradeResourceState: the int64 version arrives as an exact number, raw JSON state as bytes, empty JSON as absent', () => {
  const json = Buffer.from('{"name":"r1","port":25}');
  const big = 2 ** 40 + 3;
  const request = fromProto.upgradeResourceStateRequest(tf6.UpgradeResourceState.decodeRequest(
    tf6.UpgradeResourceState.encodeRequest({ type_name: 'smtp_relay_rule', version: big, raw_state: { json } })));
  assert.deepEqual(request, { typeName: 'smtp_relay_rule', version: big, rawState: { json, flatmap: {} } });
  const flatmap = fromProto.upgradeResourceStateRequest(tf6.UpgradeResourceState.decodeRequest(
    tf6.UpgradeResourceState.encodeRequest({ type_name: 't', raw_state: { flatmap: { 'tags.%': '1', 'tags.env': 'prod' } } })));
  assert.deepEqual(flatmap, { typeName: 't', version: 0, rawState: { json: undefined, flatmap: { 'tags.%': '1', 'tags.env': 'prod' } } });
  const none = fromProto.upgradeResourceStateRequest(tf6.UpgradeResourceState.decodeRequest(new Uint8Array(0)));
  assert.deepEqual(none.rawState, { json: undefined, flatmap: undefined });
});

test('ApplyResourceChange, ImportResourceState, ConfigureProvider, ReadResource and the validations carry every field they read', () => {
  const state = { msgpack: Buffer.from([0x81, 0xa1, 0x61, 0x01]) };
  const asTerraform = { msgpack: state.msgpack, json: empty };
  assert.deepEqual(fromProto.applyResourceChangeRequest(tf6.ApplyResourceChange.decodeRequest(tf6.ApplyResourceChange.encodeRequest({
    type_name: 'smtp_account', prior_state: state, planned_state: state, config: state, planned_private: Buffer.from('p'),
  }))), { typeName: 'smtp_account', priorState: asTerraform, plannedState: asTerraform, config: asTerraform, plannedPrivate: Buffer.from('p') });
  assert.deepEqual(fromProto.importResourceStateRequest(tf6.ImportResourceState.decodeRequest(tf6.ImportResourceState.encodeRequest({
    type_name: 'smtp_account', id: 'acc-7', client_capabilities: { deferral_allowed: true },
  }))), { typeName: 'smtp_account', id: 'acc-7', clientCapabilities: { deferralAllowed: true, writeOnlyAttributesAllowed: false } });
  assert.deepEqual(fromProto.configureProviderRequest(tf6.ConfigureProvider.decodeRequest(tf6.ConfigureProvider.encodeRequest({
    terraform_version: '1.11.4', config: state,
  }))), { terraformVersion: '1.11.4', config: asTerraform, clientCapabilities: { deferralAllowed: false, writeOnlyAttributesAllowed: false } });
  assert.deepEqual(fromProto.readResourceRequest(tf6.ReadResource.decodeRequest(tf6.ReadResource.encodeRequest({
    type_name: 'smtp_account', current_state: state, private: Buffer.from('x'),
  }))), { typeName: 'smtp_account', currentState: asTerraform, private: Buffer.from('x'), clientCapabilities: { deferralAllowed: false, writeOnlyAttributesAllowed: false } });
  assert.deepEqual(fromProto.validateConfigRequest(tf6.ValidateResourceConfig.decodeRequest(tf6.ValidateResourceConfig.encodeRequest({ type_name: 'smtp_account', config: state }))),
    { typeName: 'smtp_account', config: asTerraform });
  assert.deepEqual(fromProto.validateConfigRequest(tf6.ValidateDataResourceConfig.decodeRequest(tf6.ValidateDataResourceConfig.encodeRequest({ type_name: 'smtp_relay_check' }))),
    { typeName: 'smtp_relay_check', config: undefined });
  assert.deepEqual(fromProto.validateProviderConfigRequest(tf6.ValidateProviderConfig.decodeRequest(tf6.ValidateProviderConfig.encodeRequest({ config: { json: Buffer.from('{}') } }))),
    { config: { msgpack: empty, json: Buffer.from('{}') } });
});

test('ephemeral requests: Open carries config and capabilities; Renew and Close carry the private bytes, absent ones as empty', () => {
  const config = encodeDynamicValue({ name: 'r1', port: 25, tags: null }, ruleType);
  const open = fromProto.openEphemeralResourceRequest(tf6.OpenEphemeralResource.decodeRequest(tf6.OpenEphemeralResource.encodeRequest({
    type_name: 'smtp_token', config: { msgpack: config.msgpack }, client_capabilities: { deferral_allowed: true },
  })));
  assert.deepEqual(open, {
    typeName: 'smtp_token',
    config: { msgpack: Buffer.from(config.msgpack!), json: empty },
    clientCapabilities: { deferralAllowed: true, writeOnlyAttributesAllowed: false },
  });
  const close = fromProto.ephemeralResourceInstanceRequest(tf6.CloseEphemeralResource.decodeRequest(
    tf6.CloseEphemeralResource.encodeRequest({ type_name: 'smtp_token', private: Buffer.from('{"id":"t1"}') })));
  assert.deepEqual(close, { typeName: 'smtp_token', private: Buffer.from('{"id":"t1"}') });
  const renew = fromProto.ephemeralResourceInstanceRequest(tf6.RenewEphemeralResource.decodeRequest(tf6.RenewEphemeralResource.encodeRequest({ type_name: 'smtp_token' })));
  assert.deepEqual([renew.typeName, renew.private.length], ['smtp_token', 0]);
});
