// The address match rules: warnings for a network written with host bits set and for a relay rule matching every address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressMatchWarnings } from './address-match-rules.ts';
import type { AddressMatch } from './model.ts';

const rule = (match: Partial<AddressMatch>): AddressMatch => ({ ip_address: null, subnet_mask: null, cidr: null, domain: null, ...match });
const warned = (match: Partial<AddressMatch>, kind: 'connection_rule' | 'relay_rule' = 'relay_rule') =>
  addressMatchWarnings(rule(match), kind).map((d) => `${d.path} ${d.message}`);

test('a cidr or ip_address + subnet_mask with host bits set names the network it really matches and the /32 form', () => {
  assert.deepEqual(warned({ cidr: '10.0.0.1/8' }), [
    '$.cidr has host bits set: 10.0.0.1/8 matches every address in 10.0.0.0/8; write 10.0.0.0/8 if the whole network is meant, or 10.0.0.1/32 for the one address',
  ]);
  assert.match(warned({ cidr: '2001:db8::1:0:0:1/64' }, 'connection_rule').join(), /matches every address in 2001:db8::\/64; .* or 2001:db8::1:0:0:1\/128 /);
  assert.match(warned({ ip_address: '192.0.2.7', subnet_mask: '255.255.255.0' }).join(),
    /^\$\.ip_address has host bits set: 192\.0\.2\.7 with subnet_mask 255\.255\.255\.0 matches every address in 192\.0\.2\.0\/24; .*ip_address without subnet_mask/);
  assert.match(warned({ cidr: '::ffff:10.0.0.1/104' }).join(), /every address in ::ffff:a00:0\/104/, 'an IPv4-mapped block is judged in its IPv6 form');
});

test('networks written as networks, single addresses and domains are not warned about', () => {
  for (const match of [{ cidr: '10.0.0.0/8' }, { cidr: '192.0.2.1/32' }, { cidr: '2001:db8::/32' }, { ip_address: '192.0.2.0', subnet_mask: '255.255.255.0' },
    { ip_address: '0.0.0.0' }, { ip_address: '192.0.2.7' }, { domain: 'example.com' }]) {
    assert.deepEqual(warned(match), [], JSON.stringify(match));
  }
});

test('a relay rule for every address warns of an open relay; a connection rule for every address does not', () => {
  for (const match of [{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }, { ip_address: '0.0.0.0', subnet_mask: '0.0.0.0' }]) {
    const [warning, ...rest] = warned(match);
    assert.match(warning, /matches every IPv[46] address \((0\.0\.0\.0|::)\/0\): .*open relay for every client not otherwise refused/, JSON.stringify(match));
    assert.deepEqual(rest, []);
    assert.deepEqual(warned(match, 'connection_rule'), [], 'allowing every address to connect is what all_except_listed does anyway');
  }
  assert.equal(warned({ cidr: '10.0.0.0/0' }).length, 2, 'host bits and every address: both said');
});
