// The "exactly one match form" rule of connection and relay rules, which JSON Schema alone cannot say clearly.
import { isIPv4 } from 'node:net';
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
