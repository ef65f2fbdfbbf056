// How this relay compares distinguished names: case-insensitively, ignoring spaces around the RDN separators.

/** `dn` in the form the relay compares and caches (lower case, no blanks around `,` and `=`). */
export function normalDn(dn: string): string {
  return dn.trim().replace(/(?<!\\)\s*([,=+])\s*/g, '$1').toLowerCase();
}

/** True when both name the same entry as far as the relay can tell without asking the directory. */
export function sameDn(a: string, b: string): boolean {
  return normalDn(a) === normalDn(b);
}
