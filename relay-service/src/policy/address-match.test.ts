// Tests for what one rule matches (ruleMatch, through a one-rule AddressIndex): every match form, IPv6 and IPv4-mapped clients, malformed rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressMatch } from '@relayform/schema/model.ts';
import { AddressIndex } from './address-index.ts';
import { ruleMatch, type ClientIdentity } from './address-match.ts';
import { rule } from '../../../test/data-plane/virtual-server-config.ts';

const client = (ip: string, hostname: string | null = null) => ({ ip, hostname });
const matchesAddress = (r: AddressMatch, c: ClientIdentity) => AddressIndex.of([r]).matches(c);

test('single IP matches only that address, also when the client is IPv4-mapped', () => {
  const r = rule({ ip_address: '127.0.0.2' });
  assert.equal(matchesAddress(r, client('127.0.0.2')), true);
  assert.equal(matchesAddress(r, client('::ffff:127.0.0.2')), true);
  assert.equal(matchesAddress(r, client('127.0.0.3')), false);
});

test('IP plus subnet mask matches the group, in dotted or prefix form', () => {
  const r = rule({ ip_address: '10.1.2.0', subnet_mask: '255.255.255.0' });
  assert.equal(matchesAddress(r, client('10.1.2.200')), true);
  assert.equal(matchesAddress(r, client('10.1.3.1')), false);
  assert.equal(matchesAddress(rule({ ip_address: '10.1.0.0', subnet_mask: '16' }), client('10.1.99.1')), true);
});

test('CIDR matches IPv4, IPv6 and IPv4-mapped forms', () => {
  assert.equal(matchesAddress(rule({ cidr: '127.0.0.0/30' }), client('127.0.0.3')), true);
  assert.equal(matchesAddress(rule({ cidr: '127.0.0.0/30' }), client('127.0.0.4')), false);
  assert.equal(matchesAddress(rule({ cidr: '2001:db8::/32' }), client('2001:db8:ffff::1')), true);
  assert.equal(matchesAddress(rule({ cidr: '2001:db8::/32' }), client('2001:db9::1')), false);
  assert.equal(matchesAddress(rule({ cidr: '::ffff:192.0.2.0/120' }), client('192.0.2.77')), true);
  assert.equal(matchesAddress(rule({ cidr: '::1/128' }), client('::1')), true);
  assert.equal(matchesAddress(rule({ cidr: '::1/128' }), client('127.0.0.1')), false);
});

test('an IPv6 single address compares in canonical form', () => {
  assert.equal(matchesAddress(rule({ ip_address: '2001:DB8:0:0::1' }), client('2001:db8::1')), true);
});

test('domain rule matches the name and names below it, case and trailing dot insensitive', () => {
  const r = rule({ domain: 'Example.COM' });
  assert.equal(matchesAddress(r, client('192.0.2.1', 'mx1.example.com.')), true);
  assert.equal(matchesAddress(r, client('192.0.2.1', 'example.com')), true);
  assert.equal(matchesAddress(r, client('192.0.2.1', 'badexample.com')), false);
  assert.equal(matchesAddress(r, client('192.0.2.1', null)), false);
  assert.equal(matchesAddress(rule({ domain: '*.example.com' }), client('192.0.2.1', 'a.b.example.com')), true);
});

test('malformed rules and clients match nothing', () => {
  assert.equal(matchesAddress(rule({ cidr: '10.0.0.0/33' }), client('10.0.0.1')), false);
  assert.equal(matchesAddress(rule({ cidr: 'nonsense' }), client('10.0.0.1')), false);
  assert.equal(matchesAddress(rule({ ip_address: '10.0.0.1', subnet_mask: 'ffff::' }), client('10.0.0.1')), false);
  assert.equal(matchesAddress(rule({ ip_address: '10.0.0.1' }), client('not-an-ip')), false);
});

test('a subnet mask with holes matches by the mask, not as a range', () => {
  const r = rule({ ip_address: '10.0.5.0', subnet_mask: '255.0.255.0' });
  assert.equal(ruleMatch(r).kind, 'masked');
  assert.equal(matchesAddress(r, client('10.77.5.9')), true);
  assert.equal(matchesAddress(r, client('10.77.6.9')), false);
  assert.equal(matchesAddress(r, client('11.77.5.9')), false);
});

test('contiguous masks and CIDRs compile to one range from the network to its last address', () => {
  assert.deepEqual(ruleMatch(rule({ cidr: '10.1.2.3/16' })), { kind: 'range', version: 4, first: 0x0a010000n, last: 0x0a01ffffn });
  assert.deepEqual(ruleMatch(rule({ ip_address: '::ffff:10.1.2.3' })), { kind: 'range', version: 4, first: 0x0a010203n, last: 0x0a010203n });
  assert.deepEqual(ruleMatch(rule({ cidr: '::ffff:0:0/80' })), { kind: 'none' });
  assert.deepEqual(ruleMatch(rule({ domain: '*.Example.COM.' })), { kind: 'domain', domain: 'example.com' });
});
