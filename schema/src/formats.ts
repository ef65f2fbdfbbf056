// String formats of the config model (IP address, CIDR, subnet mask, domain names), used by the JSON Schemas.
import { X509Certificate } from 'node:crypto';
import { isIP, isIPv4 } from 'node:net';
import { isAbsolute } from 'node:path';
import { canonicalDomain, isHostName } from './domain-name.ts';

/** A named string format: the predicate the validator runs and the phrase its error message uses. */
export interface StringFormat {
  check(value: string): boolean;
  /** Completes "must be ...". */
  description: string;
}

/** A host name whose labels are letters, digits and inner hyphens only (no `_`, which only service labels use). */
function isDomainName(value: string): boolean {
  return isHostName(value) && !value.includes('_');
}

/**
 * A mail domain in either IDNA form (`xn--mnchen-3ya.de` or `münchen.de`): its canonical form must be a plain
 * domain name. Stored as written (Terraform sees what it sent); the relay compares the canonical forms.
 */
function isMailDomain(value: string): boolean {
  if (value !== value.trim() || value.endsWith('.')) return false;
  const canonical = canonicalDomain(value);
  return canonical !== null && isDomainName(canonical);
}

function isCidr(value: string): boolean {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(value);
  if (!match) return false;
  const family = isIP(match[1]);
  const prefix = Number(match[2]);
  return family !== 0 && prefix <= (family === 4 ? 32 : 128);
}

function isSubnetMask(value: string): boolean {
  if (!isIPv4(value)) return false;
  const mask = value.split('.').reduce((acc, octet) => (acc << 8) + Number(octet), 0) >>> 0;
  const inverted = ~mask >>> 0;
  // A mask is contiguous ones followed by zeros, so its inverse plus one is a power of two.
  return (inverted & (inverted + 1)) === 0;
}

/** An absolute https:// URL with a host and no credentials in it (the OAuth2 client secret goes in the body, RFC 6749 2.3.1). */
function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '' && url.hash === '';
  } catch {
    return false;
  }
}

/** One or more PEM certificates, every block of which parses as X.509. */
function isPemCertificates(value: string): boolean {
  const blocks = value.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  try {
    return blocks.length > 0 && blocks.every((block) => new X509Certificate(block));
  } catch {
    return false;
  }
}

/** Where the relay may write mail files: an absolute path, no ".." segment, no control character. */
function isDropDirectory(value: string): boolean {
  return isAbsolute(value) && !value.split(/[\\/]/).includes('..') && ![...value].some((c) => c.charCodeAt(0) < 0x20);
}

/** A directory server: ldap:// or ldaps://, a host and maybe a port, nothing else (no DN, user, query or fragment). */
function isLdapUrl(value: string): boolean {
  const match = /^ldaps?:\/\/(\[[0-9a-fA-F:.]+\]|[^/:@?#\s[\]]+)(?::(\d{1,5}))?\/?$/.exec(value);
  if (!match) return false;
  const host = match[1].startsWith('[') ? match[1].slice(1, -1) : match[1];
  const port = match[2] === undefined ? 1 : Number(match[2]);
  return (isIP(host) !== 0 || isDomainName(host)) && port >= 1 && port <= 65535;
}

/** Every custom format the schemas use, by the name they carry in `format`. */
export const formats: Record<string, StringFormat> = {
  ip: { check: (v) => isIP(v) !== 0, description: 'an IPv4 or IPv6 address' },
  cidr: { check: isCidr, description: 'a CIDR block such as 192.0.2.0/24 or 2001:db8::/32' },
  'subnet-mask': { check: isSubnetMask, description: 'a dotted IPv4 subnet mask such as 255.255.255.0' },
  /** ASCII only: names the relay itself announces or certifies (fqdn, certificate common name). */
  'domain-name': { check: isDomainName, description: 'a domain name such as example.com' },
  'mail-domain': { check: isMailDomain, description: 'a domain name such as example.com or münchen.de' },
  'remote-domain-name': {
    check: (v) => isMailDomain(v.startsWith('*.') ? v.slice(2) : v),
    description: 'a domain name such as example.com, münchen.de or *.example.com',
  },
  host: { check: (v) => isIP(v) !== 0 || isDomainName(v), description: 'a host name or IP address' },
  /** A subjectAltName entry: an IPv6 zone (`fe80::1%eth0`) means something only on one machine, so it is not one. */
  'certificate-name': {
    check: (v) => (isIP(v) !== 0 && !v.includes('%')) || isDomainName(v), description: 'a DNS name or an IP address without a zone',
  },
  'pem-certificates': { check: isPemCertificates, description: 'one or more PEM certificates (-----BEGIN CERTIFICATE----- ...)' },
  'drop-directory': { check: isDropDirectory, description: 'an absolute path without ".." segments or control characters' },
  'ldap-url': { check: isLdapUrl, description: 'an ldap:// or ldaps:// URL with a host and an optional port only' },
  'https-url': { check: isHttpsUrl, description: 'an https:// URL without user name, password or fragment' },
  'email-address': {
    check: (v) => /^[^\s@"<>]+@[^\s@"<>]+$/.test(v) && isMailDomain(v.slice(v.lastIndexOf('@') + 1)),
    description: 'an email address such as postmaster@example.com or postmaster@münchen.de',
  },
};
