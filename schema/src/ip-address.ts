// IP addresses as numbers: parsing, IPv4-mapped IPv6 folded to IPv4, prefixes and masks.
import { isIPv4, isIPv6 } from 'node:net';

/** An IPv4 or IPv6 address as an unsigned integer of 32 or 128 bits. */
export interface IpAddress {
  version: 4 | 6;
  value: bigint;
}

const mappedPrefix = 0xffffn << 32n;

/**
 * Parses a textual IPv4 or IPv6 address (zone ids and brackets are not accepted).
 * An IPv4-mapped IPv6 address (::ffff:a.b.c.d) becomes the IPv4 address, so a dual-stack
 * listener's clients match IPv4 rules. Returns null for anything else.
 */
export function parseIp(text: string): IpAddress | null {
  const ip = text.trim();
  if (isIPv4(ip)) return { version: 4, value: ipv4Value(ip) };
  if (!isIPv6(ip) || ip.includes('%')) return null;
  const value = ipv6Value(ip);
  if (value >> 32n === 0xffffn) return { version: 4, value: value - mappedPrefix };
  return { version: 6, value };
}

/** Bit width of an address family. */
export function bitsOf(version: 4 | 6): number {
  return version === 4 ? 32 : 128;
}

/** The network mask of a prefix length, e.g. 24 on IPv4 = 255.255.255.0. */
export function prefixMask(version: 4 | 6, prefix: number): bigint {
  const bits = BigInt(bitsOf(version));
  const all = (1n << bits) - 1n;
  return (all << (bits - BigInt(prefix))) & all;
}

function ipv4Value(ip: string): bigint {
  return ip.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

function ipv6Value(ip: string): bigint {
  let text = ip.toLowerCase();
  // An embedded dotted quad (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) stands for the last two groups.
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad) {
    const v4 = ipv4Value(quad[1]);
    text = `${text.slice(0, -quad[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail === undefined ? [] : tail ? tail.split(':') : [];
  const zeros = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(zeros).fill('0'), ...tailGroups];
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
}

/** The written value of an address, without folding an IPv4-mapped IPv6 address to IPv4 (null for anything but an address). */
export function writtenIp(text: string): IpAddress | null {
  if (isIPv4(text)) return { version: 4, value: ipv4Value(text) };
  return isIPv6(text) && !text.includes('%') ? { version: 6, value: ipv6Value(text) } : null;
}

/** The text of an address: dotted quad, or IPv6 in lower case with the longest run of zero groups as "::" (RFC 5952). */
export function formatIp({ version, value }: IpAddress): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  const groups = [...Array(8).keys()].map((i) => (value >> BigInt(112 - 16 * i)) & 0xffffn);
  let best = { start: -1, length: 1 };
  for (let start = 0; start < 8; start += 1) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0n) length += 1;
    if (length > best.length) best = { start, length };
  }
  const hex = (part: bigint[]) => part.map((g) => g.toString(16)).join(':');
  return best.start < 0 ? hex(groups) : `${hex(groups.slice(0, best.start))}::${hex(groups.slice(best.start + best.length))}`;
}
