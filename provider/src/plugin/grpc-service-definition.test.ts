// Tests the generated codecs modules: coding exactly as protobufjs's reflection of the same descriptor does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import tfplugin6Codecs from '../protocol/generated/tfplugin6.codecs.ts';
import tfplugin6Json from '../protocol/generated/tfplugin6.json' with { type: 'json' };
import goPluginCodecs from './generated/go-plugin.codecs.ts';
import goPluginJson from './generated/go-plugin.json' with { type: 'json' };
import type { IPlanResourceChange_Response } from '../protocol/generated/tfplugin6.types.ts';
import { serviceDefinition, type GeneratedCodecs } from './grpc-service-definition.ts';
import { reflectedRoot, reflectedServiceDefinition } from './reflected-service-definition.ts';

test('generated codecs code a nested message exactly as protobufjs reflection does, with defaults filled in on decoding', () => {
  const generated = serviceDefinition(goPluginCodecs, 'plugin.GRPCBroker').StartStream;
  const reflected = reflectedServiceDefinition(goPluginJson, 'plugin.GRPCBroker').StartStream;
  assert.deepEqual([generated.path, generated.requestStream, generated.responseStream], ['/plugin.GRPCBroker/StartStream', true, true]);
  const info = { service_id: 7, network: 'unix', address: '/tmp/plugin.sock', knock: { knock: true, ack: false, error: 'no' } };
  const bytes = generated.encodeResponse(info);
  assert.deepEqual(Buffer.from(bytes), Buffer.from(reflected.encodeResponse(info)));
  assert.deepEqual(generated.decodeRequest(bytes), reflected.decodeRequest(bytes));
  assert.deepEqual(generated.decodeRequest(bytes), info);
  // Defaults, as handlers expect them: absent fields filled in, an absent message null.
  assert.deepEqual(generated.decodeRequest(new Uint8Array(0)), { service_id: 0, network: '', address: '', knock: null });
});

test('recursive messages, repeated and oneof fields, enums and int64 code as with reflection', () => {
  const generated = serviceDefinition(tfplugin6Codecs, 'tfplugin6.Provider');
  const reflected = reflectedServiceDefinition(tfplugin6Json, 'tfplugin6.Provider');
  const response: IPlanResourceChange_Response = {
    diagnostics: [{ severity: 1, summary: 'bad', detail: 'worse', attribute: { steps: [{ attribute_name: 'rules' }, { element_key_int: 3 }, { element_key_string: 'k' }] } }],
    planned_state: { msgpack: Buffer.from([0x81, 0xa1, 0x61, 0xd3, 0, 0, 1, 0, 0, 0, 0, 0]) },
    requires_replace: [{ steps: [{ attribute_name: 'port' }] }],
    planned_private: Buffer.from('private'),
    legacy_type_system: false,
  };
  const bytes = generated.PlanResourceChange.encodeResponse(response);
  assert.deepEqual(Buffer.from(bytes), Buffer.from(reflected.PlanResourceChange.encodeResponse(response)));
  const decoded = generated.PlanResourceChange.decodeResponse(bytes);
  assert.deepEqual(decoded, reflected.PlanResourceChange.decodeResponse(bytes));
  assert.deepEqual(decoded.diagnostics[0].attribute?.steps[1], { element_key_int: 3, selector: 'element_key_int' });
  assert.equal(typeof decoded.diagnostics[0].attribute?.steps[1].element_key_int, 'number', 'int64 decodes as a number');
});

test('every message type and every service of each descriptor has its codecs, with the methods reflection sees', () => {
  for (const [json, codecs] of [[goPluginJson, goPluginCodecs as GeneratedCodecs], [tfplugin6Json, tfplugin6Codecs as GeneratedCodecs]] as const) {
    const messages: string[] = [];
    const services: string[] = [];
    const walk = (ns: any) => {
      for (const nested of ns.nestedArray ?? []) {
        if (nested.fieldsArray) messages.push(nested.fullName.slice(1));
        if (nested.methodsArray) services.push(nested.fullName.slice(1));
        walk(nested);
      }
    };
    walk(reflectedRoot(json));
    assert.deepEqual(Object.keys(codecs.messages).sort(), messages.sort());
    assert.deepEqual(Object.keys(codecs.services).sort(), services.sort());
    for (const service of services) {
      const generated = serviceDefinition(codecs, service);
      const reflected = reflectedServiceDefinition(json, service);
      assert.deepEqual(Object.keys(generated).sort(), Object.keys(reflected).sort());
      for (const [name, method] of Object.entries(reflected)) {
        assert.deepEqual([generated[name].path, generated[name].requestStream, generated[name].responseStream], [method.path, method.requestStream, method.responseStream]);
        // An empty message decodes to every field's default, which touches every field's codec.
        assert.deepEqual(generated[name].decodeRequest(new Uint8Array(0)), method.decodeRequest(new Uint8Array(0)), `${service}/${name}`);
        assert.deepEqual(generated[name].decodeResponse(new Uint8Array(0)), method.decodeResponse(new Uint8Array(0)), `${service}/${name}`);
      }
    }
  }
});
