// Tests for the handshake line and the environment checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { handshakeLine, negotiateProtocolVersion, startedByTerraform, MAGIC_COOKIE_VALUE } from './handshake.ts';

test('the line has six fields and the certificate has no base64 padding', () => {
  for (const size of [30, 31, 32]) { // three lengths cover 0, 1 and 2 padding characters
    const der = Buffer.alloc(size, 0xab);
    const line = handshakeLine(6, { network: 'unix', path: '/tmp/x/plugin.sock' }, der);
    assert.ok(line.endsWith('\n'));
    const fields = line.trimEnd().split('|');
    assert.deepEqual(fields.slice(0, 5), ['1', '6', 'unix', '/tmp/x/plugin.sock', 'grpc']);
    assert.doesNotMatch(fields[5], /=/);
    assert.deepEqual(Buffer.from(fields[5], 'base64'), der);
  }
});

test('tcp addresses are host:port', () => {
  const line = handshakeLine(6, { network: 'tcp', host: '127.0.0.1', port: 4242 }, Buffer.from([1, 2, 3]));
  assert.equal(line, '1|6|tcp|127.0.0.1:4242|grpc|AQID\n');
});

test('only the magic cookie counts as started by Terraform', () => {
  assert.equal(startedByTerraform({ TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE }), true);
  assert.equal(startedByTerraform({ TF_PLUGIN_MAGIC_COOKIE: 'nope' }), false);
  assert.equal(startedByTerraform({}), false);
});

test('protocol 6 is spoken only when the host offers it', () => {
  assert.equal(negotiateProtocolVersion({ PLUGIN_PROTOCOL_VERSIONS: '5,6' }, 6), 6);
  assert.equal(negotiateProtocolVersion({ PLUGIN_PROTOCOL_VERSIONS: '5' }, 6), undefined);
  assert.equal(negotiateProtocolVersion({}, 6), 6);
});
