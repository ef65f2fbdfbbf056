// LDAP search filters built from templates: values escaped per RFC 4515 so a login name can never change the filter.

/**
 * `value` as an RFC 4515 assertion value: `*`, `(`, `)`, `\` and NUL become `\2a`, `\28`, `\29`, `\5c`, `\00`. Other
 * characters, UTF-8 included, are valid as they are.
 */
export function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The template with every `{user}` replaced by the escaped login name. */
export function userFilter(template: string, user: string): string {
  return template.split('{user}').join(escapeFilterValue(user));
}

/** AD's LDAP_MATCHING_RULE_IN_CHAIN: every group the DN is a member of, directly or through nested groups, in one search. */
export function inChainMembershipFilter(memberDn: string): string {
  return `(member:1.2.840.113556.1.4.1941:=${escapeFilterValue(memberDn)})`;
}

/** Groups that list any of the DNs as `member`, or (with a login name) as `memberUid` (posixGroup). */
export function directMembershipFilter(memberDns: string[], login?: string): string {
  const terms = [...memberDns.map((dn) => `(member=${escapeFilterValue(dn)})`), ...(login ? [`(memberUid=${escapeFilterValue(login)})`] : [])];
  return terms.length === 1 ? terms[0] : `(|${terms.join('')})`;
}
