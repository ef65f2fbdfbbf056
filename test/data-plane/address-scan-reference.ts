// The relay's address matching as it was before the rule index (a scan over every rule), kept only as the reference the index is checked against.
import type { AddressMatch } from '@relayform/schema/model.ts';
import { bitsOf, parseIp, prefixMask, type IpAddress } from '@relayform/schema/ip-address.ts';
import { canonicalDomain } from '@relayform/schema/domain-name.ts';
import type { ClientIdentity } from '../../relay-service/src/policy/address-match.ts';

/**
 * True when the client matches the rule. IPv4-mapped IPv6 clients match IPv4 rules.
 * A domain rule matches the client's host name itself and every name below it
 * (`example.com` and `*.example.com` both match `mx1.example.com`); a client without
 * a confirmed host name never matches a domain rule. A malformed rule matches nothing.
 */
export function scanMatchesAddress(rule: AddressMatch, client: ClientIdentity): boolean {
  if (rule.domain !== null) return matchesDomain(rule.domain, client.hostname);
  const ip = parseIp(client.ip);
  if (!ip) return false;
  if (rule.cidr !== null) return matchesCidr(rule.cidr, ip);
  if (rule.ip_address === null) return false;
  const network = parseIp(rule.ip_address);
  if (!network || network.version !== ip.version) return false;
  if (rule.subnet_mask === null) return network.value === ip.value;
  const mask = parseMask(rule.subnet_mask, ip.version);
  return mask !== null && (network.value & mask) === (ip.value & mask);
}

/** Compared in canonical form: a rule written with U-labels matches the A-label names reverse DNS returns. */
function matchesDomain(ruleDomain: string, hostname: string | null): boolean {
  if (!hostname) return false;
  const name = canonicalDomain(hostname);
  const domain = canonicalDomain(ruleDomain.replace(/^\*\./, ''));
  return name !== null && domain !== null && (name === domain || name.endsWith(`.${domain}`));
}

function matchesCidr(cidr: string, ip: IpAddress): boolean {
  const [address, prefixText, extra] = cidr.split('/');
  if (extra !== undefined || prefixText === undefined || !/^\d{1,3}$/.test(prefixText)) return false;
  const network = parseIp(address);
  if (!network) return false;
  let prefix = Number(prefixText);
  // ::ffff:10.0.0.0/104 is parsed as IPv4 10.0.0.0, so its prefix counts IPv4 bits.
  if (network.version === 4 && address.includes(':')) prefix -= 96;
  if (network.version !== ip.version || prefix < 0 || prefix > bitsOf(ip.version)) return false;
  const mask = prefixMask(ip.version, prefix);
  return (network.value & mask) === (ip.value & mask);
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

/** The old decision: true when any rule matches (`relayRules.some(...)`, `connectionRules.some(...)`). */
export function scanListed(rules: readonly AddressMatch[], client: ClientIdentity): boolean {
  return rules.some((rule) => scanMatchesAddress(rule, client));
}
