// smtpd_client_restrictions -> connection_control + connection rules; smtpd_relay_restrictions and
// smtpd_recipient_restrictions -> relay_control (mynetworks, SASL, tables) + relay rules.
import { isIP } from 'node:net';
import type { AddressMatch } from '@relayform/schema/model.ts';
import { addressMatch, matchText } from './client-addresses.ts';
import type { TableReader } from './lookup-table.ts';
import type { ParameterReport } from './parameter-report.ts';
import { errorAt, listItems, type SourceLine } from './postconf-syntax.ts';

/** A rule with the text the report and the rule's description give it. */
export type DescribedMatch = AddressMatch & { description: string };

/** Who may connect or relay: the mode and the rules, with what the report says about it. */
export interface AccessDecision {
  mode: 'only_listed' | 'all_except_listed';
  rules: DescribedMatch[];
  warnings: string[];
}

/** Restrictions that take the next item as their argument (a table, a DNS list, a policy service, a delay). */
const withArgument = new Set(['check_client_access', 'check_client_a_access', 'check_reverse_client_hostname_access', 'check_sender_access',
  'check_recipient_access', 'check_helo_access', 'check_sasl_access', 'check_ccert_access', 'check_policy_service', 'reject_rbl_client',
  'reject_rhsbl_client', 'reject_rhsbl_sender', 'reject_rhsbl_recipient', 'reject_rhsbl_helo', 'reject_rhsbl_reverse_client',
  'permit_dnswl_client', 'permit_rhswl_client', 'sleep']);

/** Restrictions Postfix has that Relayform does not enforce: recognised (reported), not mapped. */
const recognised = new Set([...withArgument, 'reject_unknown_client_hostname', 'reject_unknown_reverse_client_hostname', 'reject_unauth_pipelining',
  'reject_non_fqdn_recipient', 'reject_non_fqdn_sender', 'reject_unknown_sender_domain', 'reject_unknown_recipient_domain',
  'reject_invalid_helo_hostname', 'reject_non_fqdn_helo_hostname', 'reject_unknown_helo_hostname', 'reject_unlisted_recipient',
  'reject_unlisted_sender', 'reject_unverified_recipient', 'reject_unverified_sender', 'reject_sender_login_mismatch',
  'reject_authenticated_sender_login_mismatch', 'reject_unauthenticated_sender_login_mismatch', 'reject_known_sender_login_mismatch',
  'reject_plaintext_session', 'reject_multi_recipient_bounce', 'reject_non_fqdn_hostname', 'reject_invalid_hostname', 'reject_unknown_hostname',
  'permit_tls_clientcerts', 'permit_tls_all_clientcerts', 'permit_auth_destination', 'permit_mx_backup', 'permit_inet_interfaces',
  'defer_if_permit', 'defer_if_reject', 'warn_if_reject', 'dunno', 'reject_unauth_destination', 'defer_unauth_destination',
  'permit_mynetworks', 'permit_sasl_authenticated', 'permit', 'reject', 'defer']);

/** One restriction of a list, with its argument. */
interface Restriction {
  name: string;
  argument?: string;
}

/** Splits a restriction list parameter; throws naming its line for an unknown restriction or a missing argument. */
function restrictions(report: ParameterReport, name: string): { items: Restriction[]; at: SourceLine } {
  const at = report.parameters.set(name)?.at ?? { file: 'main.cf', line: 0 };
  const words = listItems(report.parameters.get(name));
  const items: Restriction[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i].toLowerCase();
    if (!recognised.has(word)) throw errorAt(at, `${name}: "${words[i]}" is an unknown restriction (not one Postfix documents for smtpd, or a restriction class the import does not read)`);
    if (withArgument.has(word)) {
      if (words[i + 1] === undefined) throw errorAt(at, `${name}: ${word} needs an argument (a table or a service)`);
      items.push({ name: word, argument: words[i + 1] });
      i += 1;
    } else {
      items.push({ name: word });
    }
  }
  return { items, at };
}

/** An access table entry's action as a verdict: grant (OK), deny (REJECT, DEFER, 4xx/5xx), or undefined (DUNNO). */
function verdict(action: string, at: SourceLine): 'grant' | 'deny' | undefined {
  const word = action.split(/\s+/)[0].toUpperCase();
  if (word === 'OK' || word === 'PERMIT' || /^\d+$/.test(word) && !/^[45]\d\d$/.test(word)) return 'grant';
  if (['REJECT', 'DEFER', 'DEFER_IF_PERMIT'].includes(word) || /^[45]\d\d$/.test(word)) return 'deny';
  if (word === 'DUNNO') return undefined;
  throw errorAt(at, `the access action "${action}" cannot be mapped to a connection or relay rule (OK, REJECT, DEFER, 4xx/5xx text or DUNNO)`);
}

/** A check_client_access table's entries as grant and deny matches, in table order. */
function accessEntries(tables: TableReader, reference: string, at: SourceLine): { match: DescribedMatch; verdict: 'grant' | 'deny' }[] {
  const table = tables.read(reference, at);
  const out: { match: DescribedMatch; verdict: 'grant' | 'deny' }[] = [];
  for (const entry of table.entries) {
    const decided = verdict(entry.value, entry.at);
    if (decided === undefined) continue;
    let match: AddressMatch;
    if (table.type === 'cidr' || isIP(entry.key.replace(/^\[|\]$/g, '')) !== 0) {
      match = addressMatch(entry.key, entry.at, reference);
    } else if (/^\d{1,3}(\.\d{1,3}){0,2}$/.test(entry.key)) {
      const octets = entry.key.split('.');
      match = { ip_address: null, subnet_mask: null, cidr: `${[...octets, '0', '0', '0'].slice(0, 4).join('.')}/${octets.length * 8}`, domain: null };
    } else {
      match = { ip_address: null, subnet_mask: null, cidr: null, domain: entry.key.replace(/^\./, '') };
    }
    out.push({ match: { ...match, description: `Postfix ${reference} line ${entry.at.line}: ${entry.key} ${entry.value}` }, verdict: decided });
  }
  return out;
}

const key = (m: AddressMatch) => JSON.stringify([m.ip_address, m.subnet_mask, m.cidr, m.domain]);
const unique = (rules: DescribedMatch[]) => [...new Map(rules.map((r) => [key(r), r])).values()];

/** smtpd_client_restrictions as who may connect: a final `reject` means only the granted clients, else all but the denied. */
export function connectionAccess(report: ParameterReport, tables: TableReader, mynetworks: DescribedMatch[]): AccessDecision {
  const { items } = restrictions(report, 'smtpd_client_restrictions');
  const grants: DescribedMatch[] = [];
  const denies: DescribedMatch[] = [];
  const notes: string[] = [];
  let final: 'reject' | 'permit' | undefined;
  for (const item of items) {
    if (final) {
      notes.push(`${item.name} after ${final} is never reached`);
      continue;
    }
    if (item.name === 'permit_mynetworks') grants.push(...mynetworks);
    else if (item.name === 'check_client_access') {
      for (const entry of accessEntries(tables, item.argument as string, report.parameters.set('smtpd_client_restrictions')?.at as SourceLine)) {
        (entry.verdict === 'grant' ? grants : denies).push(entry.match);
      }
    } else if (item.name === 'reject' || item.name === 'defer') final = 'reject';
    else if (item.name === 'permit') final = 'permit';
    else notes.push(`${item.name}${item.argument ? ` ${item.argument}` : ''} not mapped (Relayform has no equivalent)`);
  }
  const warnings: string[] = [];
  const only = final === 'reject';
  const rules = unique(only ? grants : denies);
  const ignored = only ? denies : grants.filter((g) => !mynetworks.includes(g));
  for (const rule of ignored) {
    warnings.push(`smtpd_client_restrictions: ${rule.description} is not mapped: in ${only ? 'only_listed' : 'all_except_listed'} mode an unlisted client is ${only ? 'refused' : 'accepted'} anyway, ` +
      `unless a later ${only ? 'OK' : 'REJECT'} entry covers it (Postfix: first match wins; then the relay decides differently).`);
  }
  if (rules.length > 0 || only) {
    warnings.push(`smtpd_client_restrictions: the relay refuses ${only ? 'an unlisted' : 'a listed'} client at connect (554); Postfix with smtpd_delay_reject = yes answers it at RCPT TO.`);
  }
  const mode = only ? 'only_listed' : 'all_except_listed';
  if (items.length > 0) report.mapped('smtpd_client_restrictions', `connection_control.mode = "${mode}" and ${rules.length} smtp_connection_rule(s)${notes.length ? `; ${notes.join('; ')}` : ''}`);
  return { mode, rules, warnings };
}

/** What one relay-deciding list permits before its first reject_unauth_destination (or reject/defer). */
interface RelayPermits {
  guarded: boolean;
  open: boolean;
  mynetworks: boolean;
  sasl: boolean;
  tables: DescribedMatch[];
  notes: string[];
}

function relayPermits(report: ParameterReport, tables: TableReader, name: string): RelayPermits {
  const { items, at } = restrictions(report, name);
  const out: RelayPermits = { guarded: false, open: false, mynetworks: false, sasl: false, tables: [], notes: [] };
  for (const item of items) {
    if (['reject_unauth_destination', 'defer_unauth_destination', 'reject', 'defer'].includes(item.name)) {
      out.guarded = true;
      break;
    }
    if (item.name === 'permit_mynetworks') out.mynetworks = true;
    else if (item.name === 'permit_sasl_authenticated') out.sasl = true;
    else if (item.name === 'permit') out.open = true;
    else if (item.name === 'check_client_access') {
      for (const entry of accessEntries(tables, item.argument as string, at)) {
        if (entry.verdict === 'grant') out.tables.push(entry.match);
        else out.notes.push(`${entry.match.description} not mapped (a relay rule cannot deny)`);
      }
    } else out.notes.push(`${item.name}${item.argument ? ` ${item.argument}` : ''} not mapped (Relayform has no equivalent)`);
    if (out.open) break;
  }
  return out;
}

/**
 * Who may relay: Postfix applies smtpd_relay_restrictions and then smtpd_recipient_restrictions, and mail to a
 * non-local domain passes only when each list that guards relaying (reject_unauth_destination and the like) permitted it
 * first. Returns the decision and whether authenticated clients relay; throws when neither list guards (Postfix refuses to start).
 */
export function relayAccess(report: ParameterReport, tables: TableReader, mynetworks: DescribedMatch[], saslEnabled: boolean): AccessDecision & { allowAuthenticated: boolean } {
  const lists = (['smtpd_relay_restrictions', 'smtpd_recipient_restrictions'] as const).map((name) => ({ name, permits: relayPermits(report, tables, name) }));
  const guards = lists.filter((l) => l.permits.guarded || l.permits.open);
  if (guards.length === 0) {
    const at = report.parameters.set('smtpd_relay_restrictions')?.at ?? report.parameters.set('smtpd_recipient_restrictions')?.at ?? { file: 'main.cf', line: 0 };
    throw errorAt(at, 'neither smtpd_relay_restrictions nor smtpd_recipient_restrictions has reject_unauth_destination (or defer_unauth_destination, reject, defer): Postfix refuses to start with this, and the import cannot tell who may relay');
  }
  const all = (pick: (p: RelayPermits) => boolean) => guards.every((l) => l.permits.open || pick(l.permits));
  const open = guards.every((l) => l.permits.open);
  const allowMynetworks = all((p) => p.mynetworks);
  const sasl = all((p) => p.sasl);
  const warnings: string[] = [];
  const rules: DescribedMatch[] = [];
  if (!open) {
    if (allowMynetworks) rules.push(...mynetworks);
    for (const list of guards) {
      const others = guards.filter((l) => l !== list);
      for (const rule of list.permits.tables) {
        if (others.every((o) => o.permits.open)) rules.push(rule);
        else warnings.push(`${list.name}: ${rule.description} is not mapped: ${others.map((o) => o.name).join(', ')} must permit the client too, which the import cannot combine`);
      }
    }
  }
  const wide = rules.filter((r) => /\/[0-7]$/.test(r.cidr ?? ''));
  if (open || wide.length > 0) {
    warnings.push(`OPEN RELAY: ${open ? '"permit" comes before reject_unauth_destination, so every client' : `${wide.map(matchText).join(', ')} ${wide.length === 1 ? 'lets' : 'let'} almost every client`} relay mail to any domain. ` +
      `The import keeps this${open ? ' (relay_control.mode = "all_except_listed")' : ''}; list only your own networks.`);
  }
  if (sasl && !saslEnabled) warnings.push('permit_sasl_authenticated is listed but smtpd_sasl_auth_enable = no: nobody authenticates, so relay_control.allow_authenticated = false.');
  const allowAuthenticated = sasl && saslEnabled;
  for (const list of lists) {
    const p = list.permits;
    const parts = [p.open ? 'permit: everyone relays' : '', p.mynetworks ? 'permit_mynetworks: mynetworks relay' : '', p.sasl ? `permit_sasl_authenticated: relay_control.allow_authenticated = ${allowAuthenticated}` : '',
      p.tables.length ? `${p.tables.length} check_client_access OK entr${p.tables.length === 1 ? 'y' : 'ies'}` : '', ...p.notes].filter(Boolean);
    const role = p.guarded || p.open ? 'decides relaying' : 'has no reject_unauth_destination, so it does not decide relaying';
    report.mapped(list.name, `${role}${parts.length ? `: ${parts.join('; ')}` : ''}`);
  }
  return { mode: open ? 'all_except_listed' : 'only_listed', rules: open ? [] : unique(rules), warnings, allowAuthenticated };
}
