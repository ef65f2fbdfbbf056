// The rules of connection and relay rules JSON Schema alone cannot say clearly: exactly one match form (an error),
// and matches wider than they look (warnings: a network written with host bits set, a relay rule for every address).
import { isIPv4 } from 'node:net';
import { bitsOf, formatIp, prefixMask, writtenIp } from './ip-address.ts';
import type { AddressMatch } from './model.ts';
import type { ValidationDetail } from './validation-detail.ts';

const forms = 'ip_address, ip_address + subnet_mask, cidr, or domain';

/** Checks a defaults-filled rule: exactly one of ip_address (optionally with subnet_mask), cidr, domain. */
export function checkAddressMatch(rule: AddressMatch): ValidationDetail[] {
  const details: ValidationDetail[] = [];
  const set = (['ip_address', 'cidr', 'domain'] as const).filter((field) => rule[field] !== null);
  if (set.length === 0) {
    details.push(rule.subnet_mask === null ? { path: '$', message: `set exactly one of ${forms}` } : { path: '$.ip_address', message: `is required: set exactly one of ${forms}` });
  }
  for (const extra of set.slice(1)) {
    details.push({ path: `$.${extra}`, message: `cannot be combined with ${set[0]}: set exactly one of ${forms}` });
  }
  if (rule.subnet_mask !== null && rule.ip_address !== null && !isIPv4(rule.ip_address)) {
    details.push({ path: '$.ip_address', message: 'must be an IPv4 address when subnet_mask is set (use cidr for IPv6)' });
  }
  if (rule.subnet_mask !== null && rule.ip_address === null && set.length > 0) {
    details.push({ path: '$.subnet_mask', message: 'is only allowed together with ip_address' });
  }
  return details;
}

/** A network as written: its address and prefix length in the address's own family, its mask and the block it matches. */
interface WrittenNetwork {
  field: 'cidr' | 'ip_address';
  written: string;
  version: 4 | 6;
  value: bigint;
  prefix: number;
  mask: bigint;
  /** The network address and prefix, e.g. `10.0.0.0/8`. */
  block: string;
}

function writtenNetwork(rule: AddressMatch): WrittenNetwork | null {
  const found = writtenPrefix(rule);
  if (!found || found.prefix > bitsOf(found.version)) return null;
  const mask = prefixMask(found.version, found.prefix);
  return { ...found, mask, block: `${formatIp({ version: found.version, value: found.value & mask })}/${found.prefix}` };
}

function writtenPrefix(rule: AddressMatch): Omit<WrittenNetwork, 'mask' | 'block'> | null {
  if (rule.cidr !== null) {
    const [address, prefix] = rule.cidr.split('/');
    const ip = writtenIp(address);
    return ip && /^\d{1,3}$/.test(prefix ?? '') ? { field: 'cidr', written: rule.cidr, ...ip, prefix: Number(prefix) } : null;
  }
  if (rule.ip_address === null || rule.subnet_mask === null) return null;
  const ip = writtenIp(rule.ip_address);
  const mask = writtenIp(rule.subnet_mask);
  if (!ip || !mask || ip.version !== 4 || mask.version !== 4) return null;
  const prefix = mask.value.toString(2).replace(/0+$/, '').length;
  return { field: 'ip_address', written: `${rule.ip_address} with subnet_mask ${rule.subnet_mask}`, ...ip, prefix: mask.value === 0n ? 0 : prefix };
}

/** A network written with host bits set: `10.0.0.1/8` matches all of 10.0.0.0/8, where `/32` may have been meant. */
export function hostBitsWarnings(rule: AddressMatch): ValidationDetail[] {
  const network = writtenNetwork(rule);
  if (!network || (network.value & network.mask) === network.value) return [];
  const single = network.field === 'cidr' ? `${network.written.split('/')[0]}/${bitsOf(network.version)}` : 'ip_address without subnet_mask';
  return [{
    path: `$.${network.field}`,
    message: `has host bits set: ${network.written} matches every address in ${network.block}; write ${network.block} if the whole network is meant, or ${single} for the one address`,
  }];
}

/** A relay rule for every address (`0.0.0.0/0`, `::/0`): in only_listed mode, relaying for every client nothing else refuses. */
export function everyAddressWarnings(rule: AddressMatch, kind: 'connection_rule' | 'relay_rule'): ValidationDetail[] {
  const network = writtenNetwork(rule);
  if (kind !== 'relay_rule' || !network || network.prefix !== 0) return [];
  return [{
    path: `$.${network.field}`,
    message: `matches every ${network.version === 4 ? 'IPv4' : 'IPv6'} address (${network.block}): with relay_control.mode "only_listed" (the default) ` +
      'this makes the server an open relay for every client not otherwise refused (connection rules, authentication); ' +
      'list the networks that may relay instead',
  }];
}

/** What a valid rule matches beyond what it seems to say: warnings, not errors, so rules already stored keep working. */
export function addressMatchWarnings(rule: AddressMatch, kind: 'connection_rule' | 'relay_rule'): ValidationDetail[] {
  return [...hostBitsWarnings(rule), ...everyAddressWarnings(rule, kind)];
}

/** What a rule matches, as a key: two rules with the same key match the same clients (the description aside). */
export function addressMatchKey(rule: AddressMatch): string {
  return JSON.stringify([rule.ip_address, rule.subnet_mask, rule.cidr, rule.domain]);
}

/**
 * The rules of one list that repeat an earlier rule's match, each with the index of that earlier rule: a list replaced as
 * a whole holds each match once (which stored rule an item keeps is decided by its match).
 */
export function repeatedMatches(rules: AddressMatch[]): Array<{ index: number; first: number }> {
  const seen = new Map<string, number>();
  const repeated: Array<{ index: number; first: number }> = [];
  rules.forEach((rule, index) => {
    const key = addressMatchKey(rule);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else repeated.push({ index, first });
  });
  return repeated;
}
