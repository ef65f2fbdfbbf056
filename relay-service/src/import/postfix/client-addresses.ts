// Client address patterns of mynetworks and cidr tables as Relayform address matches (cidr, or a single address).
import { isIP } from 'node:net';
import type { AddressMatch } from '@relayform/schema/model.ts';
import { errorAt, type SourceLine } from './postconf-syntax.ts';

/**
 * `pattern` (`127.0.0.0/8`, `192.0.2.7`, `[::1]/128`, `[2001:db8::]/32`, `2001:db8::/32`) as a match; throws naming `at`
 * for anything else (negation, host names, /file/name patterns), which a relay rule cannot express.
 */
export function addressMatch(pattern: string, at: SourceLine, what: string): AddressMatch {
  const match = /^\[?([0-9A-Fa-f.:]+)\]?(?:\/(\d{1,3}))?$/.exec(pattern);
  const address = match?.[1] ?? '';
  const family = isIP(address);
  const prefix = match?.[2] === undefined ? undefined : Number(match[2]);
  if (!match || family === 0 || (prefix !== undefined && prefix > (family === 4 ? 32 : 128))) {
    throw errorAt(at, `${what}: "${pattern}" is not an address or network the import can map (address, address/prefix, [IPv6]/prefix)`);
  }
  if (prefix === undefined || prefix === (family === 4 ? 32 : 128)) return { ip_address: address.toLowerCase(), subnet_mask: null, cidr: null, domain: null };
  return { ip_address: null, subnet_mask: null, cidr: `${address.toLowerCase()}/${prefix}`, domain: null };
}

/** How a match reads in descriptions and names: the address or the CIDR block. */
export function matchText(match: AddressMatch): string {
  return match.cidr ?? match.ip_address ?? match.domain ?? '';
}
