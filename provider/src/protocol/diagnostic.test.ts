// Tests diagnostics and attribute paths in their protocol form, including map keys and list indexes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import protobuf from 'protobufjs/light.js';
import tfplugin6Json from './generated/tfplugin6.json' with { type: 'json' };
import type * as tfplugin6 from './generated/tfplugin6.types.ts';
import { attributePathFromProto, attributePathToProto, formatPath, path, type AttributePath } from './attribute-path.ts';
import { diagnosticFromProto, diagnosticToProto, type Diagnostic } from './diagnostic.ts';

const Diagnostic = protobuf.Root.fromJSON(tfplugin6Json as protobuf.INamespace).lookupType('tfplugin6.Diagnostic');
const wire = (d: Diagnostic): tfplugin6.Diagnostic => Diagnostic.toObject(Diagnostic.decode(Diagnostic.encode(Diagnostic.fromObject(diagnosticToProto(d))).finish()),
  { longs: Number, enums: Number, defaults: true, oneofs: true }) as tfplugin6.Diagnostic;

test('a path with attributes, a map key and a list index survives the protobuf wire', () => {
  const p: AttributePath = [{ attribute: 'delivery' }, { attribute: 'retry_intervals_minutes' }, { index: 2 }];
  const withKey: AttributePath = [{ attribute: 'tags' }, { key: 'env' }];
  for (const attribute of [p, withKey]) {
    const d: Diagnostic = { severity: 'error', summary: 'Invalid value', detail: 'must be > 0', attribute };
    assert.deepEqual(diagnosticFromProto(wire(d)), d);
  }
});

test('the protocol form uses attribute_name, element_key_string and element_key_int', () => {
  assert.deepEqual(attributePathToProto([{ attribute: 'a' }, { key: 'k' }, { index: 0 }]), {
    steps: [{ attribute_name: 'a' }, { element_key_string: 'k' }, { element_key_int: 0 }],
  });
  assert.deepEqual(attributePathFromProto({ steps: [{ selector: 'attribute_name', attribute_name: 'a' }, { selector: 'element_key_int', element_key_int: 3 }, {}] }), path('a', 3));
});

test('warnings stay warnings and diagnostics without a path carry none', () => {
  const d: Diagnostic = { severity: 'warning', summary: 'Deprecated' };
  assert.deepEqual(diagnosticFromProto(wire(d)), d);
  assert.equal((diagnosticToProto(d) as { attribute?: unknown }).attribute, undefined);
});

test('paths read well in messages', () => {
  assert.equal(formatPath([{ attribute: 'rules' }, { index: 0 }, { attribute: 'cidr' }]), 'rules[0].cidr');
  assert.equal(formatPath([{ attribute: 'tags' }, { key: 'env' }]), 'tags["env"]');
});
