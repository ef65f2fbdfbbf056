// Tests the pregenerated protobufjs codecs: installed on first use, and coding exactly as protobufjs's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import goPluginCodecs from './generated/go-plugin.codecs.ts';
import goPluginJson from './generated/go-plugin.json' with { type: 'json' };
import { loadRoot, serviceDefinition } from './grpc-service-definition.ts';

/** The codecs with a record of which types asked for theirs. */
function counted() {
  const used: string[] = [];
  const codecs = Object.fromEntries(Object.entries(goPluginCodecs).map(([name, make]) => [name, (...scope: any[]) => {
    used.push(name);
    return (make as (...args: any[]) => Record<string, unknown>)(...scope);
  }]));
  return { codecs, used };
}

test('with codecs, a type takes its pregenerated functions on first use and codes exactly as protobufjs generates', () => {
  const { codecs, used } = counted();
  const pregenerated = serviceDefinition(loadRoot(goPluginJson, codecs), 'plugin.GRPCBroker').StartStream;
  const generated = serviceDefinition(loadRoot(goPluginJson), 'plugin.GRPCBroker').StartStream;
  assert.deepEqual(used, [], 'nothing is set up before use');
  const info = { service_id: 7, network: 'unix', address: '/tmp/plugin.sock', knock: { knock: true, ack: false, error: 'no' } };
  const bytes = pregenerated.encodeResponse(info);
  assert.deepEqual(used, ['plugin.ConnInfo', 'plugin.ConnInfo.Knock']);
  assert.deepEqual(Buffer.from(bytes), Buffer.from(generated.encodeResponse(info)));
  assert.deepEqual(pregenerated.decodeRequest(bytes), generated.decodeRequest(bytes));
  assert.deepEqual(pregenerated.decodeRequest(bytes), info);
  // Defaults, as handlers expect them: absent fields filled in, an absent message null.
  assert.deepEqual(pregenerated.decodeRequest(new Uint8Array(0)), { service_id: 0, network: '', address: '', knock: null });
});

test('verify, not pregenerated, is generated on its first call and works', () => {
  const type = loadRoot(goPluginJson, goPluginCodecs).lookupType('plugin.ConnInfo');
  type.encode({ service_id: 1 }); // sets the type up
  assert.equal(type.verify({ service_id: 1, network: 'unix' }), null);
  assert.match(String(type.verify({ network: 5 })), /network: string expected/);
  assert.match(String(type.verify({ knock: { ack: 'yes' } })), /ack: boolean expected/);
});

test('the codecs cover every message type of the descriptor', () => {
  const root = loadRoot(goPluginJson);
  const names: string[] = [];
  const walk = (ns: any) => {
    for (const nested of ns.nestedArray ?? []) {
      if (nested.fieldsArray) names.push(nested.fullName.slice(1));
      walk(nested);
    }
  };
  walk(root);
  assert.deepEqual(Object.keys(goPluginCodecs).sort(), names.sort());
});
