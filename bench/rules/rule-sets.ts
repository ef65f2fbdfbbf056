// The rule lists the rules benchmark measures: mixed single IPs, masks, CIDRs, IPv4 and IPv6 (and domains), none matching loopback.
import type { AddressMatch } from '@relayform/schema/model.ts';
import { formatIp } from '@relayform/schema/ip-address.ts';
import { seededRandom } from '../../test/support/seeded-random.ts';

const v4Networks = [0x0a000000, 0xac100000, 0xc0a80000, 0xc6120000]; // 10/8, 172.16/12, 192.168/16, 198.18/15
const v6Networks = [0x20010db8n << 96n, 0xfd00n << 112n];

/**
 * `count` rules as the API takes them: 35% single IPv4, 15% IPv4 + subnet mask (dotted, as the API takes it), 20% IPv4 CIDR,
 * 10% single IPv6, 15% IPv6 CIDR, and with `domains` 5% domain rules (else more IPv4 CIDRs). No rule matches
 * 127.0.0.0/8 or a name under `.test`, so the bench clients (127.0.0.x, `client.bench.test`) are never listed by them.
 */
export function ruleSet(count: number, seed: number, domains: boolean): AddressMatch[] {
  const random = seededRandom(seed);
  const int = (below: number) => Math.floor(random() * below);
  const v4 = () => BigInt((v4Networks[int(v4Networks.length)] | int(1 << 20)) >>> 0);
  const v6 = () => v6Networks[int(v6Networks.length)] | (BigInt(int(2 ** 30)) << 64n) | BigInt(int(2 ** 30));
  const text = (version: 4 | 6, value: bigint) => formatIp({ version, value });
  const empty = { ip_address: null, subnet_mask: null, cidr: null, domain: null };
  return Array.from({ length: count }, (_, i): AddressMatch => {
    const roll = int(100);
    if (roll < 35) return { ...empty, ip_address: text(4, v4()) };
    if (roll < 50) {
      const prefix = 20 + int(13);
      const mask = text(4, (0xffffffffn << BigInt(32 - prefix)) & 0xffffffffn);
      return { ...empty, ip_address: text(4, v4() & ((0xffffffffn << BigInt(32 - prefix)) & 0xffffffffn)), subnet_mask: mask };
    }
    if (roll < 60) return { ...empty, ip_address: text(6, v6()) };
    if (roll < 75) {
      const prefix = 48 + int(81);
      const value = v6() & (((1n << 128n) - 1n) ^ ((1n << BigInt(128 - prefix)) - 1n));
      return { ...empty, cidr: `${text(6, value)}/${prefix}` };
    }
    if (domains && roll >= 95) return { ...empty, domain: `${int(2) === 0 ? '*.' : ''}h${i}.bench-${int(50)}.example` };
    const prefix = 16 + int(17);
    return { ...empty, cidr: `${text(4, v4() & ((0xffffffffn << BigInt(32 - prefix)) & 0xffffffffn))}/${prefix}` };
  });
}

/** The relay rules of a measured server: `count - 1` others, then (last, the worst place for a scan) the bench client. */
export function relayRules(count: number, domains: boolean): AddressMatch[] {
  return [...ruleSet(count - 1, 1000 + count, domains), { ip_address: '127.0.0.1', subnet_mask: null, cidr: null, domain: null }];
}

/** The connection rules of a measured server (all_except_listed): `count` rules, none matching the client. */
export function connectionRules(count: number, domains: boolean): AddressMatch[] {
  return ruleSet(count, 2000 + count, domains);
}
