// What one connection or relay rule matches (single IP, IP + subnet mask, CIDR, or domain), compiled once per rule.
import type { AddressMatch } from '@relayform/schema/model.ts';
import { bitsOf, parseIp, prefixMask } from '@relayform/schema/ip-address.ts';
import { canonicalDomain } from '@relayform/schema/domain-name.ts';

/** Who is connecting: the peer address and, when reverse DNS confirmed one, its host name. */
export interface ClientIdentity {
  ip: string;
  /** Forward-confirmed reverse DNS name, or null when unknown. */
  hostname: string | null;
}

/**
 * The set of clients one rule matches:
 * - `range`: every address of one family from `first` to `last` (a single IP, a CIDR, a contiguous subnet mask);
 * - `masked`: the addresses `a` of one family with `a & mask === network` (a subnet mask with holes, e.g. 255.0.255.0);
 * - `domain`: the host name `domain` (canonical) and every name below it;
 * - `none`: nothing (a malformed rule).
 * Addresses are parsed with parseIp, so an IPv4-mapped IPv6 client or rule address is its IPv4 address.
 */
export type RuleMatch =
  | { kind: 'range'; version: 4 | 6; first: bigint; last: bigint }
  | { kind: 'masked'; version: 4 | 6; network: bigint; mask: bigint }
  | { kind: 'domain'; domain: string }
  | { kind: 'none' };

const none: RuleMatch = { kind: 'none' };

/**
 * What the rule matches. A domain rule matches the client's host name itself and every name below it (`example.com`
 * and `*.example.com` both match `mx1.example.com`), compared in canonical form, so a rule written with U-labels
 * matches the A-label names reverse DNS returns; a client without a confirmed host name never matches one. An IPv4
 * rule matches IPv4-mapped IPv6 clients. The first form set wins (domain, then cidr, then ip_address); a malformed
 * rule matches nothing.
 */
export function ruleMatch(rule: AddressMatch): RuleMatch {
  if (rule.domain !== null) {
    const domain = canonicalDomain(rule.domain.replace(/^\*\./, ''));
    return domain === null ? none : { kind: 'domain', domain };
  }
  if (rule.cidr !== null) return cidrMatch(rule.cidr);
  if (rule.ip_address === null) return none;
  const network = parseIp(rule.ip_address);
  if (!network) return none;
  if (rule.subnet_mask === null) return { kind: 'range', version: network.version, first: network.value, last: network.value };
  const mask = parseMask(rule.subnet_mask, network.version);
  return mask === null ? none : maskedMatch(network.version, network.value, mask);
}

function cidrMatch(cidr: string): RuleMatch {
  const [address, prefixText, extra] = cidr.split('/');
  if (extra !== undefined || prefixText === undefined || !/^\d{1,3}$/.test(prefixText)) return none;
  const network = parseIp(address);
  if (!network) return none;
  let prefix = Number(prefixText);
  // ::ffff:10.0.0.0/104 is parsed as IPv4 10.0.0.0, so its prefix counts IPv4 bits.
  if (network.version === 4 && address.includes(':')) prefix -= 96;
  if (prefix < 0 || prefix > bitsOf(network.version)) return none;
  return maskedMatch(network.version, network.value, prefixMask(network.version, prefix));
}

/** A range when the mask's zero bits are all at the low end (the usual case), else the mask itself. */
function maskedMatch(version: 4 | 6, value: bigint, mask: bigint): RuleMatch {
  const host = ((1n << BigInt(bitsOf(version))) - 1n) & ~mask;
  const network = value & mask;
  if ((host & (host + 1n)) !== 0n) return { kind: 'masked', version, network, mask };
  return { kind: 'range', version, first: network, last: network | host };
}

/** A mask in address form (255.255.255.0, ffff:ffff::) or as a prefix length ("24"). */
function parseMask(text: string, version: 4 | 6): bigint | null {
  if (/^\d{1,3}$/.test(text)) {
    const prefix = Number(text);
    return prefix <= bitsOf(version) ? prefixMask(version, prefix) : null;
  }
  const mask = parseIp(text);
  return mask && mask.version === version ? mask.value : null;
}
