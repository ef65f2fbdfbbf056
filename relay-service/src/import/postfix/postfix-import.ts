// Turns a Postfix config dir (main.cf, master.cf, the tables they name) into Relayform objects and a migration report, one smtpd listener at a time.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import type { Certificate, ConnectionRule, RelayRule, RemoteDomain, VirtualServer } from '@relayform/schema/model.ts';
import { applyDefaults } from '@relayform/schema/apply-defaults.ts';
import { canonicalDomainPattern } from '@relayform/schema/domain-name.ts';
import { connectionRuleSchema, relayRuleSchema } from '@relayform/schema/schemas/address-rule-schema.ts';
import { remoteDomainSchema } from '@relayform/schema/schemas/remote-domain-schema.ts';
import { virtualServerSchema } from '@relayform/schema/schemas/virtual-server-schema.ts';
import { HclExpression, hclString } from '../../export/hcl-syntax.ts';
import type { RelayConfiguration } from '../../export/relay-configuration.ts';
import type { ServerReport } from '../migration-report.ts';
import { anvilLimits } from './anvil-limits.ts';
import { addressMatch } from './client-addresses.ts';
import { deliveryRoutes } from './delivery-routes.ts';
import { TableReader } from './lookup-table.ts';
import { Parameters, parseMainCf } from './main-cf.ts';
import { defaultMasterCf, parseMasterCf, type SmtpdListener } from './master-cf.ts';
import { ParameterReport } from './parameter-report.ts';
import { errorAt, listItems, PostfixConfigError, type SourceLine } from './postconf-syntax.ts';
import { connectionAccess, relayAccess, type DescribedMatch } from './restrictions.ts';

export interface PostfixImport {
  configuration: RelayConfiguration;
  reports: ServerReport[];
  /** Certificates read with file(): by certificate id, the expressions of certificate_pem and private_key_pem_wo. */
  expressions: Map<string, Record<string, HclExpression>>;
}

function readText(file: string, what: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && what === 'master.cf') return undefined;
    throw new PostfixConfigError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

const lineOf = (report: ParameterReport, name: string): SourceLine => report.parameters.set(name)?.at ?? { file: 'main.cf', line: 0 };

/** A whole number parameter within [min, max] (`unlimited` 0 becomes max). */
function limit(report: ParameterReport, name: string, at: string, min: number, max: number, convert = (n: number) => n): number {
  const text = report.parameters.get(name).trim();
  if (!/^\d+$/.test(text)) throw errorAt(lineOf(report, name), `${name} must be a whole number, got "${text}"`);
  const raw = Number(text);
  const value = raw === 0 ? max : Math.min(max, Math.max(min, convert(raw)));
  report.mapped(name, `${at} = ${value}${raw === 0 ? ` (Postfix 0 = no limit; ${max} is Relayform's largest)` : value !== convert(raw) ? ` (${convert(raw)} is outside ${min}-${max})` : ''}`);
  return value;
}

/** mynetworks as rules; unset, mynetworks_style decides (host: this machine, mapped to its loopback networks). */
function mynetworks(report: ParameterReport, tables: TableReader): DescribedMatch[] {
  const set = report.parameters.set('mynetworks');
  if (!set) {
    const style = report.parameters.get('mynetworks_style').trim().toLowerCase();
    if (style !== 'host') throw errorAt(lineOf(report, 'mynetworks_style'), `mynetworks_style = ${style} trusts the machine's ${style === 'subnet' ? 'subnets' : 'class networks'}, which the import cannot see: set mynetworks`);
    report.mapped('mynetworks', 'not set: mynetworks_style = host trusts this machine only, mapped to 127.0.0.0/8 and ::1/128 (add the machine\'s own addresses if clients use them)', '(unset)');
    return ['127.0.0.0/8', '::1/128'].map((cidr) => ({ ip_address: null, subnet_mask: null, cidr, domain: null, description: `Postfix mynetworks_style = host: ${cidr}` }));
  }
  const patterns = listItems(report.parameters.get('mynetworks')).flatMap((item) => (/^[a-z]+:/.test(item)
    ? tables.read(item, set.at).entries.map((e) => e.key) : [item]));
  const rules = patterns.map((pattern) => ({ ...addressMatch(pattern, set.at, 'mynetworks'), description: `Postfix mynetworks ${pattern}` }));
  report.mapped('mynetworks', `${rules.length} network(s), used where permit_mynetworks is listed`);
  return rules;
}

/** The smtpd listener `listener` with `base` (main.cf) as one virtual server, its rules, domains and report. */
function importListener(base: Parameters, listener: SmtpdListener, tables: TableReader, out: PostfixImport): void {
  const report = new ParameterReport(base.with(listener.overrides));
  const p = report.parameters;
  const id = `postfix-${listener.service.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const warnings: string[] = [];
  const doc: Record<string, unknown> = { id, name: `Postfix ${listener.service}`, port: listener.port };

  const interfaces = listItems(p.get('inet_interfaces').toLowerCase());
  const bind = listener.host ?? (interfaces.includes('all') ? '0.0.0.0' : interfaces.includes('loopback-only') ? '127.0.0.1' : interfaces[0]);
  if (bind === undefined || isIP(bind) === 0) throw errorAt(listener.at, `the listener's address "${bind ?? ''}" (from ${listener.host ? 'master.cf' : 'inet_interfaces'}) is not an IP address`);
  doc.bind_address = bind;
  if (interfaces.length > 1 && !listener.host) warnings.push(`inet_interfaces lists ${interfaces.join(', ')}: the virtual server listens on ${bind} only (add one per address).`);
  report.mapped('inet_interfaces', listener.host ? `not used: master.cf names ${listener.host}` : `bind_address = "${bind}"`);

  const fqdn = p.set('myhostname') ? p.get('myhostname').trim().toLowerCase() : undefined;
  if (fqdn) {
    doc.fqdn = fqdn;
    report.mapped('myhostname', `fqdn = "${fqdn}"`);
  }
  const destinations = listItems(p.get('mydestination')).flatMap((item) => (/^[a-z]+:/.test(item) ? tables.read(item, lineOf(report, 'mydestination')).entries.map((e) => e.key) : [item.toLowerCase()]));
  const local = destinations.filter((d) => d.includes('.') && !d.startsWith('localhost.') && canonicalDomainPattern(d) !== null && !d.includes('*'));
  doc.local_domains = [...new Set(local)].sort();
  const skipped = destinations.filter((d) => !local.includes(d));
  report.mapped('mydestination', `local_domains = [${(doc.local_domains as string[]).join(', ')}]${skipped.length ? `; not mapped: ${skipped.join(', ')} (the machine's own names)` : ''}`, destinations.join(', '));

  const networks = mynetworks(report, tables);
  report.mapped('mynetworks_style', 'read with mynetworks');
  const connection = connectionAccess(report, tables, networks);
  const saslEnabled = p.get('smtpd_sasl_auth_enable').toLowerCase() === 'yes';
  const relay = relayAccess(report, tables, networks, saslEnabled);
  const routes = deliveryRoutes(report, tables, new Set(doc.local_domains as string[]));

  doc.limits = {
    max_message_size_kb: limit(report, 'message_size_limit', 'limits.max_message_size_kb', 1, 10_485_760, (bytes) => Math.ceil(bytes / 1024)),
    max_recipients_per_message: limit(report, 'smtpd_recipient_limit', 'limits.max_recipients_per_message', 1, 100_000),
    max_hop_count: limit(report, 'hopcount_limit', 'limits.max_hop_count', 1, 1_000),
  };
  const anvil = anvilLimits(report, warnings);
  if (anvil.connectionsPerIp !== null) (doc.limits as Record<string, unknown>).max_connections_per_ip = anvil.connectionsPerIp;
  doc.rate_limits = { messages_per_minute_per_client_ip: anvil.messagesPerMinute, recipients_per_minute_per_client_ip: anvil.recipientsPerMinute };
  doc.authentication = { anonymous: true, basic: saslEnabled };
  report.mapped('smtpd_sasl_auth_enable', `authentication.basic = ${saslEnabled}${saslEnabled ? ' (the users are in Cyrus/Dovecot, not main.cf: create an smtp_account for each)' : ''}`);

  const level = p.get('smtpd_tls_security_level').trim().toLowerCase() || (p.set('smtpd_enforce_tls')?.value === 'yes' ? 'encrypt' : p.set('smtpd_use_tls')?.value === 'yes' ? 'may' : 'none');
  if (!['none', 'may', 'encrypt'].includes(level)) throw errorAt(lineOf(report, 'smtpd_tls_security_level'), `smtpd_tls_security_level must be none, may or encrypt, got "${level}"`);
  const certFile = p.get('smtpd_tls_cert_file').trim();
  const keyFile = (p.get('smtpd_tls_key_file').trim() || certFile);
  let certificateId: string | null = null;
  if (level !== 'none' && certFile) certificateId = certificate(report, tables, certFile, keyFile, out);
  else if (level !== 'none') warnings.push(`smtpd_tls_security_level = ${level} but smtpd_tls_cert_file is not set: no STARTTLS${level === 'encrypt' ? ', and every client is refused' : ''}.`);
  else if (certFile) report.notMapped('smtpd_tls_cert_file', 'smtpd_tls_security_level = none: Postfix does not offer STARTTLS');
  doc.tls = { certificate_id: certificateId, require_tls: level === 'encrypt' };
  report.mapped('smtpd_tls_security_level', `tls.require_tls = ${level === 'encrypt'}${certificateId ? '; STARTTLS offered' : ''}`, level);
  for (const legacy of ['smtpd_use_tls', 'smtpd_enforce_tls']) if (p.set(legacy)) report.mapped(legacy, 'read as smtpd_tls_security_level (the legacy switch)');
  const authOnly = p.get('smtpd_tls_auth_only').toLowerCase() === 'yes';
  if (saslEnabled && !authOnly && level !== 'encrypt') {
    warnings.push('smtpd_sasl_auth_enable = yes without smtpd_tls_auth_only = yes: Postfix accepts passwords in clear text. The relay offers AUTH only inside TLS.');
  }
  if (saslEnabled && !certificateId) warnings.push('AUTH is enabled but the listener has no certificate: the relay offers AUTH only after STARTTLS, so nobody can authenticate until one is set.');
  report.mapped('smtpd_tls_auth_only', `the relay offers AUTH only inside TLS whatever it says (${authOnly ? 'the same' : 'stricter than Postfix'})`);

  doc.connection_control = { mode: connection.mode };
  doc.relay_control = { mode: relay.mode, allow_authenticated: relay.allowAuthenticated };
  doc.delivery = routes.server.nextHop
    ? { smart_host: routes.server.nextHop.host, smart_host_port: routes.server.nextHop.port, outbound_security: routes.server.security }
    : { outbound_security: routes.server.security };
  if (p.get('smtpd_tls_wrappermode').toLowerCase() === 'yes') {
    warnings.push(`${listener.service}: smtpd_tls_wrappermode = yes (implicit TLS, "smtps"): the relay offers STARTTLS on this port instead; clients must use STARTTLS.`);
  }
  report.mapped('smtpd_tls_wrappermode', 'the relay offers STARTTLS, not implicit TLS');

  out.configuration.virtualServers.push(applyDefaults(virtualServerSchema, doc) as unknown as VirtualServer);
  const rule = <T>(schema: typeof connectionRuleSchema, kind: string) => (r: object, i: number) =>
    applyDefaults(schema, { ...r, id: `${id}-${kind}-${i + 1}`, virtual_server_id: id }) as unknown as T;
  out.configuration.connectionRules.push(...connection.rules.map(rule<ConnectionRule>(connectionRuleSchema, 'connection')));
  out.configuration.relayRules.push(...relay.rules.map(rule<RelayRule>(relayRuleSchema, 'relay')));
  for (const r of routes.domains) {
    out.configuration.remoteDomains.push(applyDefaults(remoteDomainSchema, {
      id: `${id}-domain-${r.domain}`, virtual_server_id: id, name: r.domain, allow_incoming_relay: r.allowIncomingRelay, outbound_security: r.security,
      ...(r.nextHop ? { smart_host: r.nextHop.host, smart_host_port: r.nextHop.port } : {}),
    }) as unknown as RemoteDomain);
  }
  out.reports.push({
    title: doc.name as string, location: `${listener.at.file}:${listener.at.line}`,
    lines: report.finish(), warnings: [...warnings, ...connection.warnings, ...relay.warnings, ...routes.warnings],
  });
}

/** smtpd_tls_cert_file + smtpd_tls_key_file as an smtp_certificate read with file(); one per certificate file. Returns its id. */
function certificate(report: ParameterReport, tables: TableReader, certFile: string, keyFile: string, out: PostfixImport): string {
  const certPath = resolve(tables.resolve(certFile));
  const keyPath = resolve(tables.resolve(keyFile));
  const pem = readText(certPath, 'certificate') as string;
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw errorAt(lineOf(report, 'smtpd_tls_cert_file'), `${certFile} holds no PEM certificate`);
  if (/PRIVATE KEY-----/.test(pem)) throw errorAt(lineOf(report, 'smtpd_tls_cert_file'), `${certFile} also holds the private key: put the key in its own file (smtpd_tls_key_file), so it never reaches the Terraform state`);
  readText(keyPath, 'key');
  const name = certFile.slice(certFile.lastIndexOf('/') + 1).replace(/\.(pem|crt|cert)$/, '');
  const id = `postfix-certificate-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  if (!out.configuration.certificates.some((c) => c.id === id)) {
    out.configuration.certificates.push({ id, name, certificate_pem: pem, private_key_pem_wo_version: 1 } as Certificate);
    out.expressions.set(id, { certificate_pem: new HclExpression(`file(${hclString(certPath)})`), private_key_pem_wo: new HclExpression(`file(${hclString(keyPath)})`) });
  }
  report.mapped('smtpd_tls_cert_file', `smtp_certificate "${name}": certificate_pem = file("${certPath}")`);
  report.mapped('smtpd_tls_key_file', `smtp_certificate "${name}": private_key_pem_wo = file("${keyPath}") (write-only: never in the state)`);
  return id;
}

/**
 * Reads `configDir` (main.cf, master.cf when present, and the tables they name) and maps every smtpd listener. Throws
 * PostfixConfigError naming the file and line for a syntax error, a missing table or an unknown restriction.
 */
export function importPostfix(configDir: string): PostfixImport {
  const mainPath = join(configDir, 'main.cf');
  const masterPath = join(configDir, 'master.cf');
  const base = new Parameters(parseMainCf(readText(mainPath, 'main.cf') as string, mainPath));
  const master = parseMasterCf(readText(masterPath, 'master.cf') ?? defaultMasterCf, masterPath);
  const screens = master.others.filter((o) => o.command === 'postscreen').map((o) => `${o.at.file}:${o.at.line}: ${o.service} runs postscreen, which is not mapped ` +
    '(the relay has no pre-greeting screening), and the smtpd it passes clients to is not an inet listener: write that smtpd as an inet service to import it.');
  if (master.listeners.length === 0) throw new PostfixConfigError(`${masterPath} has no smtpd listener (an inet service whose command is smtpd)${screens.length ? `; ${screens.join(' ')}` : ''}`);
  const tables = new TableReader(configDir, base.get('config_directory'));
  const out: PostfixImport = {
    configuration: { virtualServers: [], accounts: [], directories: [], certificates: [], operators: [], connectionRules: [], relayRules: [], remoteDomains: [] },
    reports: [], expressions: new Map(),
  };
  for (const listener of [...master.listeners].sort((a, b) => a.port - b.port || (a.service < b.service ? -1 : 1))) importListener(base, listener, tables, out);
  for (const report of out.reports) report.warnings.push(...screens);
  return out;
}
