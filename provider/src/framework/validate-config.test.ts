// Tests that validators report diagnostics with the attribute path, inside nested objects and lists too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UNKNOWN } from '../protocol/value.ts';
import { attribute } from './schema/attribute.ts';
import { validateConfig } from './validate-config.ts';
import { conflictsWith, exactlyOneOf } from './validators/object-validators.ts';
import { between, eachElement, oneOf, stringMatching } from './validators/value-validators.ts';

// Stand-ins for the model's formats: the framework's walk is under test, not the formats (schema/ tests those).
const ipv4 = stringMatching(/^\d{1,3}(\.\d{1,3}){3}$/, 'an IPv4 address');
const domainName = stringMatching(/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/i, 'a domain name');
const rule = {
  ip_address: attribute.string({ description: 'ip', optional: true, validators: [ipv4] }),
  subnet_mask: attribute.string({ description: 'mask', optional: true, validators: [ipv4] }),
  cidr: attribute.string({ description: 'cidr', optional: true, validators: [stringMatching(/^[\d.]+\/([12]?\d|3[0-2])$/, 'a CIDR block'), conflictsWith('ip_address')] }),
  domain: attribute.string({ description: 'domain', optional: true, validators: [domainName] }),
};
const attributes = {
  mode: attribute.string({ description: 'mode', default: 'only_listed', validators: [oneOf('only_listed', 'all_except_listed')] }),
  port: attribute.number({ description: 'port', required: true, validators: [between(1, 65535, { integer: true })] }),
  domains: attribute.list({ kind: 'string' }, { description: 'domains', optional: true, validators: [eachElement(domainName)] }),
  rules: attribute.listNested(rule, { description: 'rules', optional: true, objectValidators: [exactlyOneOf('ip_address', 'cidr', 'domain')] }),
};
const base = { mode: 'only_listed', port: 25, domains: null, rules: null };
const paths = (config: object) => validateConfig(attributes, [], config as any).map((d) => JSON.stringify(d.attribute));

test('a valid configuration has no diagnostics', () => {
  assert.deepEqual(paths({ ...base, domains: ['example.com'], rules: [{ ip_address: '10.0.0.1', subnet_mask: '255.0.0.0', cidr: null, domain: null }] }), []);
});

test('value validators name the attribute and the rule', () => {
  const diagnostics = validateConfig(attributes, [], { ...base, mode: 'open', port: 70000 });
  assert.deepEqual(diagnostics.map((d) => d.attribute), [[{ attribute: 'mode' }], [{ attribute: 'port' }]]);
  assert.match(diagnostics[0].detail!, /mode value must be one of: "only_listed", "all_except_listed", got: "open"/);
  assert.match(diagnostics[1].detail!, /between 1 and 65535/);
  assert.deepEqual(paths({ ...base, port: 25.5 }), ['[{"attribute":"port"}]']);
});

test('list elements and nested list objects get index steps', () => {
  assert.deepEqual(paths({ ...base, domains: ['ok.example', 'bad_domain!'] }), ['[{"attribute":"domains"},{"index":1}]']);
  const rules = [{ ip_address: '10.0.0.1', subnet_mask: null, cidr: null, domain: null }, { ip_address: null, subnet_mask: null, cidr: '10.0.0.0/33', domain: null }];
  assert.deepEqual(paths({ ...base, rules }), ['[{"attribute":"rules"},{"index":1},{"attribute":"cidr"}]']);
});

test('exactly-one-of and conflicts-with point at the offending attribute', () => {
  const both = [{ ip_address: '10.0.0.1', subnet_mask: null, cidr: '10.0.0.0/8', domain: null }];
  assert.deepEqual(paths({ ...base, rules: both }), ['[{"attribute":"rules"},{"index":0},{"attribute":"cidr"}]', '[{"attribute":"rules"},{"index":0},{"attribute":"cidr"}]']);
  const none = [{ ip_address: null, subnet_mask: null, cidr: null, domain: null }];
  const diagnostics = validateConfig(attributes, [], { ...base, rules: none });
  assert.deepEqual(diagnostics[0].attribute, [{ attribute: 'rules' }, { index: 0 }]);
  assert.match(diagnostics[0].detail!, /Exactly one of "ip_address", "cidr", "domain"/);
});

test('unknown values are not validated yet', () => {
  assert.deepEqual(paths({ ...base, mode: UNKNOWN, rules: [{ ip_address: UNKNOWN, subnet_mask: null, cidr: null, domain: null }] }), []);
});
