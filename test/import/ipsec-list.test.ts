// The IPSECLIST decoder: a worked example byte by byte, grant and deny lists with masks and names, and corrupt blobs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeIpSecList, IpSecListError } from '../../relay-service/src/import/iis/ipsec-list.ts';
import { buildIpSecList } from './ipsec-list-builder.ts';

/** 127.0.0.1 granted, written out DWORD by DWORD from the documented layout (not with the builder). */
const oneGrantedAddress = [
  '18000080', '20000080', '3C000080', '44000080', // offsets: deny addresses 24, grant addresses 32, deny names 60, grant names 68
  '01000000', '4C000000', // flags, size of the reference area (76)
  '00000000', '00000000', // deny addresses: no entries, no addresses
  '01000000', '01000000', // grant addresses: one entry, one address
  '02000000', '02000000', '04000000', '00000000', '4C000080', // AF_INET, mask + 1 address, 4 full mask bytes, last byte 0, data at 76
  '00000000', '00000000', '00000000', '00000000', // deny names, grant names: empty
  'FFFFFFFF', '7F000001', // data: the mask, then the address
].join('');

test('a worked example: one granted address means only that client', () => {
  assert.deepEqual(decodeIpSecList(oneGrantedAddress), {
    enforced: 'grant', deny: [], grant: [{ kind: 'address', address: '127.0.0.1', mask: '255.255.255.255' }],
  });
  assert.deepEqual(decodeIpSecList(oneGrantedAddress.toLowerCase()), decodeIpSecList(oneGrantedAddress), 'hex digits in either case');
});

test('grant and deny lists with several masks, subdomain and exact names; the deny list is the one enforced', () => {
  const list = decodeIpSecList(buildIpSecList({
    deny: [{ address: '192.0.2.7' }, { address: '198.51.100.0', mask: '255.255.255.0' }, { address: '192.0.2.8' }, { name: 'spam.example' }, { name: 'mx.bad.example', exact: true }],
    grant: [{ address: '10.0.0.0', mask: '255.0.0.0' }, { name: 'trusted.example' }],
  }));
  assert.equal(list.enforced, 'deny');
  assert.deepEqual(list.deny, [
    { kind: 'address', address: '192.0.2.7', mask: '255.255.255.255' },
    { kind: 'address', address: '192.0.2.8', mask: '255.255.255.255' },
    { kind: 'address', address: '198.51.100.0', mask: '255.255.255.0' },
    { kind: 'name', name: 'spam.example', subdomains: true },
    { kind: 'name', name: 'mx.bad.example', subdomains: false },
  ]);
  assert.deepEqual(list.grant, [{ kind: 'address', address: '10.0.0.0', mask: '255.0.0.0' }, { kind: 'name', name: 'trusted.example', subdomains: true }]);
});

test('an empty list (header and empty lists) enforces nothing', () => {
  assert.deepEqual(decodeIpSecList(buildIpSecList({})), { enforced: 'none', grant: [], deny: [] });
});

test('corrupt blobs fail with the part and byte offset that is wrong', () => {
  const corrupt = (hex: string, pattern: RegExp) => assert.throws(() => decodeIpSecList(hex), (error: unknown) => error instanceof IpSecListError && pattern.test(error.message));
  corrupt('18000080ZZ', /not hexadecimal/);
  corrupt('1800008', /not hexadecimal/);
  corrupt(oneGrantedAddress.slice(0, 40), /truncated: 20 bytes/);
  corrupt(oneGrantedAddress.slice(0, -8), /truncated: grant address entry 0 needs 8 bytes at byte 76/);
  corrupt(`18000000${oneGrantedAddress.slice(8)}`, /deny address list offset 0x18 at byte 0 without the self-relative bit/);
  corrupt(oneGrantedAddress.replace('4C000080', 'FF000080'), /grant address entry 0 data offset pointing at byte 255, past the end/);
  corrupt(oneGrantedAddress.replace('0200000002000000', '1700000002000000'), /address family 23/);
  corrupt(oneGrantedAddress.replace('0100000001000000', '0100000005000000'), /says 5 grant addresses but its entries hold 1/);
  corrupt(oneGrantedAddress.replace('FFFFFFFF7F000001', 'FF00FF007F000001'), /non-contiguous mask 255.0.255.0/);
  const named = buildIpSecList({ grant: [{ name: 'trusted.example' }] });
  corrupt(named.slice(0, -2), /no terminating NUL/);
  corrupt(named.replace(Buffer.from('trusted').toString('hex').toUpperCase(), Buffer.from('tr<sted').toString('hex').toUpperCase()), /"tr<sted.example" that is not a DNS name/);
});
