// Domain names in one canonical form for every comparison: IDNA A-labels in lower case, without the root's trailing dot.
import { domainToASCII, domainToUnicode } from 'node:url';

/**
 * The canonical form of a domain given in ASCII (`Example.COM.`, `XN--MNCHEN-3YA.de`) or with Unicode labels
 * (`München.de`, `παράδειγμα.example`): lower-case A-labels without trailing dots (`xn--mnchen-3ya.de`). Null when
 * the name is not a valid host name in either form. Every comparison of domains (envelope, local_domains, remote
 * domains and their `*.suffix`, rule domains) goes through this function, so both forms of a name match each other.
 *
 * Unicode labels are converted by Node's own `url.domainToASCII`: UTS #46 processing (non-transitional, so `faß.de`
 * stays `xn--fa-hia.de` as IDNA 2008 wants, not `fass.de`), the mapping browsers and the WHATWG URL standard use,
 * built into Node (ada) and so no dependency to keep up to date. Its non-strict mode does not apply the STD3 rules,
 * hence the host-name check on its result. ASCII names do not go through it: the URL standard reads `0x7f.1` as
 * the IPv4 address 127.0.0.1, which is not what a mail domain means. An `xn--` label must be a real A-label: one
 * that decodes and encodes back to itself (`xn--abc-` decodes to plain `abc` and is refused).
 */
export function canonicalDomain(domain: string): string | null {
  const trimmed = domain.trim();
  const ascii = (isAsciiText(trimmed) ? trimmed.toLowerCase() : domainToASCII(trimmed)).replace(/\.+$/, '');
  if (!isHostName(ascii)) return null;
  return ascii.split('.').every(isRealALabel) ? ascii : null;
}

/** The canonical form of a remote-domain name: `*.` followed by a canonical domain, or a canonical domain; null when invalid. */
export function canonicalDomainPattern(pattern: string): string | null {
  const trimmed = pattern.trim();
  if (!trimmed.startsWith('*.')) return canonicalDomain(trimmed);
  const suffix = canonicalDomain(trimmed.slice(2));
  return suffix === null ? null : `*.${suffix}`;
}

/** True for a syntactically valid ASCII host name (letters, digits, hyphens, underscores; labels of 1-63; 253 at most). */
export function isHostName(domain: string): boolean {
  if (domain.length === 0 || domain.length > 253) return false;
  return domain.split('.').every((label) => /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i.test(label));
}

/**
 * True when `domain` is matched by `pattern`: the exact name, or for `*.suffix` any name strictly below suffix.
 * Both are compared in their canonical form, so an A-label pattern matches a U-label domain and the other way round;
 * an invalid name matches nothing.
 */
export function domainMatches(pattern: string, domain: string): boolean {
  const p = canonicalDomainPattern(pattern);
  const d = canonicalDomain(domain);
  if (p === null || d === null) return false;
  if (p.startsWith('*.')) return d.endsWith(p.slice(1));
  return p === d;
}

function isAsciiText(text: string): boolean {
  return !/[\u0080-\uffff]/.test(text);
}

function isRealALabel(label: string): boolean {
  return !label.startsWith('xn--') || domainToASCII(domainToUnicode(label)) === label;
}
