// Domain name normalisation for comparisons: case-insensitive, without the root's trailing dot.

/** Lower-cases a domain and drops trailing dots, so `Example.COM.` compares equal to `example.com`. */
export function normalizeDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.+$/, '');
}

/** True for a syntactically valid host name (letters, digits, hyphens; labels of 1-63; 253 at most). */
export function isHostName(domain: string): boolean {
  if (domain.length === 0 || domain.length > 253) return false;
  return domain.split('.').every((label) => /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i.test(label));
}

/**
 * True when `domain` is matched by `pattern`: the exact name, or for `*.suffix` any name
 * strictly below suffix. Both sides are normalised first.
 */
export function domainMatches(pattern: string, domain: string): boolean {
  const p = normalizeDomain(pattern);
  const d = normalizeDomain(domain);
  if (p.startsWith('*.')) return d.endsWith(p.slice(1));
  return p === d;
}
