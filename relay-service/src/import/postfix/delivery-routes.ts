// Where and how mail leaves: relayhost (the server's smart host), transport_maps and relay_domains (remote domains),
// smtp_sasl_password_maps (usernames), smtp_tls_security_level and smtp_tls_policy_maps (tls_policy per route).
import type { OutboundSecurity, TlsPolicy } from '@relayform/schema/model.ts';
import { canonicalDomainPattern } from '@relayform/schema/domain-name.ts';
import { outboundSecurityDefaults } from '@relayform/schema/schemas/outbound-security-schema.ts';
import type { LookupTable, TableReader } from './lookup-table.ts';
import type { ParameterReport } from './parameter-report.ts';
import { errorAt, listItems, type SourceLine } from './postconf-syntax.ts';

/** A next hop as Postfix writes it: `[host]:port` (no MX lookup), `host:port`, `host` (MX lookup of host). */
export interface NextHop {
  text: string;
  host: string;
  port: number;
  bracketed: boolean;
}

export function parseNextHop(text: string, at: SourceLine, what: string): NextHop {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(text.trim());
  const port = Number(match?.[3] ?? 25);
  if (!match || port < 1 || port > 65535) throw errorAt(at, `${what}: "${text}" is not a next hop ([host]:port, host:port or host)`);
  return { text: text.trim().toLowerCase(), host: (match[1] ?? match[2]).toLowerCase(), port, bracketed: match[1] !== undefined };
}

/** One route out: the server's (relayhost) or a remote domain's. */
export interface Route {
  /** The remote domain (`*.example.com` for `.example.com`), or undefined for the server's route. */
  domain?: string;
  nextHop?: NextHop;
  allowIncomingRelay: boolean;
  security: OutboundSecurity;
}

const levels: Record<string, TlsPolicy | null> = { '': null, none: 'none', may: 'opportunistic', encrypt: 'encrypt', verify: 'verify', secure: 'verify', dane: 'dane', 'dane-only': 'dane', fingerprint: 'verify' };

/** A TLS security level as a policy; throws naming `at` for a level Postfix does not have. */
function tlsPolicy(level: string, at: SourceLine, what: string, warnings: string[]): TlsPolicy | null {
  const word = level.split(/\s+/)[0].toLowerCase();
  if (!(word in levels)) throw errorAt(at, `${what}: "${word}" is not a TLS security level (none, may, encrypt, dane, dane-only, fingerprint, verify, secure)`);
  if (word === 'dane-only') warnings.push(`${what}: dane-only requires DANE; the relay's "dane" falls back to opportunistic TLS where the domain publishes no TLSA records.`);
  if (word === 'fingerprint') warnings.push(`${what}: fingerprint: mapped to "verify"; add the pinned SHA-256 fingerprints as outbound_security.tls_fingerprints_sha256.`);
  return levels[word] as TlsPolicy | null;
}

/** The table named by a *_maps parameter (its first table; more are not merged), or undefined when it is empty. */
function mapsTable(report: ParameterReport, tables: TableReader, name: string): LookupTable | undefined {
  const refs = listItems(report.parameters.get(name));
  if (refs.length === 0) return undefined;
  const at = report.parameters.set(name)?.at ?? { file: 'main.cf', line: 0 };
  if (refs.length > 1) throw errorAt(at, `${name} lists ${refs.length} tables; the import reads one (merge them into one file)`);
  return tables.read(refs[0], at);
}

/** The server route and the remote domains of one listener's parameters, with warnings for the report. */
export function deliveryRoutes(report: ParameterReport, tables: TableReader, localDomains: ReadonlySet<string>): { server: Route; domains: Route[]; warnings: string[] } {
  const p = report.parameters;
  const warnings: string[] = [];
  const route = (domain?: string): Route => ({ domain, allowIncomingRelay: false, security: outboundSecurityDefaults() });
  const server = route();
  const domains = new Map<string, Route>();
  const domainRoute = (name: string) => domains.get(name) ?? domains.set(name, route(name)).get(name) as Route;

  const relayhost = p.get('relayhost').trim();
  if (relayhost) {
    server.nextHop = parseNextHop(relayhost, p.set('relayhost')?.at as SourceLine, 'relayhost');
    report.mapped('relayhost', `delivery.smart_host = "${server.nextHop.host}", smart_host_port = ${server.nextHop.port}`);
    if (!server.nextHop.bracketed) {
      warnings.push(`relayhost = ${relayhost} is not in brackets: Postfix looks up the MX records of ${server.nextHop.host} and delivers to them; ` +
        `the relay connects to ${server.nextHop.host} itself. If it is a domain, write its mail host as the smart host.`);
    }
  }

  const transport = mapsTable(report, tables, 'transport_maps');
  for (const entry of transport?.entries ?? []) {
    const colon = entry.value.indexOf(':');
    const [kind, hop] = colon < 0 ? [entry.value, ''] : [entry.value.slice(0, colon), entry.value.slice(colon + 1).trim()];
    const domain = entry.key.startsWith('.') ? `*${entry.key}` : entry.key;
    if (entry.key.includes('@') || entry.key === '*' || canonicalDomainPattern(domain) === null) {
      warnings.push(`${transport?.reference} line ${entry.at.line}: "${entry.key}" is not a domain; not mapped (Relayform routes whole domains).`);
      continue;
    }
    if (!['smtp', 'relay', ''].includes(kind)) {
      warnings.push(`${transport?.reference} line ${entry.at.line}: ${entry.key} goes to the "${kind}" transport; not mapped (the relay delivers by SMTP only).`);
      continue;
    }
    const r = domainRoute(canonicalDomainPattern(domain) as string);
    if (hop) r.nextHop = parseNextHop(hop, entry.at, 'transport_maps');
    else if (server.nextHop) warnings.push(`${transport?.reference} line ${entry.at.line}: ${entry.key} is delivered to its MX hosts by Postfix; the relay sends it to the server's smart host.`);
  }
  if (transport) report.mapped('transport_maps', `${transport.entries.length} entr${transport.entries.length === 1 ? 'y' : 'ies'} read: smtp_remote_domain per domain with its next hop`);

  const relayDomains = listItems(p.get('relay_domains')).flatMap((item) => (item.includes(':')
    ? tables.read(item, p.set('relay_domains')?.at ?? { file: 'main.cf', line: 0 }).entries.map((e) => e.key) : [item.toLowerCase()]));
  for (const name of relayDomains) {
    const domain = canonicalDomainPattern(name.startsWith('.') ? `*${name}` : name);
    if (domain === null) throw errorAt(p.set('relay_domains')?.at ?? { file: 'main.cf', line: 0 }, `relay_domains: "${name}" is not a domain name`);
    if (localDomains.has(domain)) continue;
    domainRoute(domain).allowIncomingRelay = true;
    if (!domain.startsWith('*.') && !domains.has(`*.${domain}`)) warnings.push(`relay_domains: Postfix also relays the subdomains of ${domain} (parent_domain_matches_subdomains); the relay relays ${domain} only: add *.${domain} if that is meant.`);
  }
  if (relayDomains.length > 0) report.mapped('relay_domains', `smtp_remote_domain ${relayDomains.join(', ')} with allow_incoming_relay = true`);

  // Credentials: looked up by the next hop as written, then by its host, as Postfix does.
  const saslEnabled = p.get('smtp_sasl_auth_enable').toLowerCase() === 'yes';
  const passwords = saslEnabled ? mapsTable(report, tables, 'smtp_sasl_password_maps') : undefined;
  const used = new Set<string>();
  const routes = [server, ...[...domains.values()].sort((a, b) => ((a.domain ?? '') < (b.domain ?? '') ? -1 : 1))];
  for (const r of routes) {
    if (!r.nextHop || !passwords) continue;
    const hop = r.nextHop;
    const entry = passwords.entries.find((e) => e.key === hop.text) ?? passwords.entries.find((e) => e.key === hop.host || e.key === `[${hop.host}]`);
    if (!entry) continue;
    const user = entry.value.slice(0, entry.value.includes(':') ? entry.value.indexOf(':') : undefined);
    if (!user) throw errorAt(entry.at, 'expected "username:password"');
    used.add(entry.key);
    r.security.authentication = 'basic';
    r.security.username = user;
  }
  for (const entry of passwords?.entries ?? []) {
    if (!used.has(entry.key)) warnings.push(`${passwords?.reference} line ${entry.at.line}: credentials for ${entry.key}, which is not a next hop of any route; not mapped.`);
  }
  report.mapped('smtp_sasl_auth_enable', saslEnabled ? 'outbound authentication from smtp_sasl_password_maps' : 'no outbound authentication');
  if (passwords) report.mapped('smtp_sasl_password_maps', `${used.size} next hop(s) authenticate with basic authentication; user names mapped, passwords become write-only variables`, `${passwords.reference} (passwords not shown)`);
  else if (p.set('smtp_sasl_password_maps')) report.notMapped('smtp_sasl_password_maps', 'smtp_sasl_auth_enable = no: Postfix does not authenticate', `${p.get('smtp_sasl_password_maps')} (passwords not shown)`);

  // TLS: the default level for every route, then the policy table per next hop or domain.
  const levelAt = p.set('smtp_tls_security_level')?.at ?? { file: 'main.cf', line: 0 };
  const fallback = tlsPolicy(p.get('smtp_tls_security_level'), levelAt, 'smtp_tls_security_level', warnings);
  const policies = mapsTable(report, tables, 'smtp_tls_policy_maps');
  for (const entry of policies?.entries ?? []) {
    if (entry.key.startsWith('[') || /:\d+$/.test(entry.key)) continue;
    const domain = canonicalDomainPattern(entry.key.startsWith('.') ? `*${entry.key}` : entry.key);
    if (domain !== null && !localDomains.has(domain)) domainRoute(domain);
  }
  const finalRoutes = [server, ...[...domains.values()].sort((a, b) => ((a.domain ?? '') < (b.domain ?? '') ? -1 : 1))];
  for (const r of finalRoutes) {
    const lookup = r.nextHop ? [r.nextHop.text, r.nextHop.host] : r.domain ? [r.domain.replace(/^\*/, '')] : [];
    const entry = policies?.entries.find((e) => lookup.includes(e.key));
    let policy = entry ? tlsPolicy(entry.value, entry.at, `${policies?.reference} line ${entry.at.line}`, warnings) : fallback;
    const where = r.domain ? `remote domain ${r.domain}` : 'the server route';
    if (policy === 'dane' && (r.nextHop || r.security.authentication !== 'anonymous')) {
      warnings.push(`${where}: dane applies to MX delivery without credentials; the route to ${r.nextHop?.host ?? 'its next hop'} gets "opportunistic".`);
      policy = 'opportunistic';
    }
    if (r.security.authentication !== 'anonymous' && (policy === 'none' || policy === 'opportunistic')) {
      warnings.push(`${where}: Postfix sends the credentials of ${r.security.username} at TLS level ${policy === 'none' ? 'none (in clear text)' : 'may (in clear text when the next hop offers no STARTTLS)'}; ` +
        'the relay never sends credentials without TLS: tls_policy = "encrypt".');
      policy = 'encrypt';
    }
    r.security.tls_policy = policy;
  }
  report.mapped('smtp_tls_security_level', fallback === null ? 'Postfix default (no TLS level): tls_policy left automatic (opportunistic, verify with credentials)' : `tls_policy = "${fallback}" for every route without its own policy`);
  if (policies) report.mapped('smtp_tls_policy_maps', `${policies.entries.length} entr${policies.entries.length === 1 ? 'y' : 'ies'}: tls_policy of the matching route (a domain without a route becomes an smtp_remote_domain with MX delivery)`);
  return { server, domains: finalRoutes.slice(1), warnings };
}
