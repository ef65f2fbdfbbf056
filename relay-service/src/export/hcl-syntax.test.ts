// HCL rendering: escapes that keep user text literal, heredocs for PEM, aligned attributes, nested objects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HclExpression, hclBlock, hclString, hclValue } from './hcl-syntax.ts';
import { TerraformNames } from './terraform-names.ts';

test('strings keep ${ and %{ literal and escape quotes, backslashes and newlines', () => {
  assert.equal(hclString('a "b" \\ ${x} %{y}'), '"a \\"b\\" \\\\ $${x} %%{y}"');
  assert.equal(hclString('line\nnext'), '"line\\nnext"');
});

test('multi-line text ending in a newline is an indented heredoc', () => {
  assert.equal(hclValue('-----BEGIN-----\nAB${C}\n-----END-----\n', '  '), '<<-EOT\n    -----BEGIN-----\n    AB$${C}\n    -----END-----\n  EOT');
});

test('blocks align their = signs as terraform fmt does and render lists, nested objects and expressions', () => {
  const block = hclBlock('resource "smtp_x" "y"', [
    { name: 'name', value: 'edge' },
    { name: 'virtual_server_id', value: new HclExpression('smtp_virtual_server.edge.id') },
    { name: 'retry', value: [0.5, 5] },
    { name: 'tls', value: { require_tls: true, certificate_id: null } },
  ]);
  assert.equal(block, [
    'resource "smtp_x" "y" {',
    '  name              = "edge"',
    '  virtual_server_id = smtp_virtual_server.edge.id',
    '  retry             = [0.5, 5]',
    '  tls = {',
    '    require_tls    = true',
    '    certificate_id = null',
    '  }',
    '}',
    '',
  ].join('\n'));
});

test('names are valid identifiers, unique per resource type', () => {
  const names = new TerraformNames();
  assert.equal(names.name('smtp_account', 'CORP', 'Alice.Smith'), 'corp_alice_smith');
  assert.equal(names.name('smtp_virtual_server', 'edge'), 'edge');
  assert.equal(names.name('smtp_virtual_server', 'Edge!'), 'edge_2');
  assert.equal(names.name('smtp_certificate', 'edge'), 'edge');
  assert.equal(names.name('smtp_relay_rule', '10.0.0.0/8'), 'relay_rule_10_0_0_0_8');
});
