// Maps one IIS SMTP virtual server (IIsSmtpServer with what it inherits from IIsSmtpService) to a Relayform virtual server.
import { isAbsolute } from 'node:path';
import { isIP } from 'node:net';
import type { VirtualServer } from '@relayform/schema/model.ts';
import { applyDefaults } from '@relayform/schema/apply-defaults.ts';
import { virtualServerSchema } from '@relayform/schema/schemas/virtual-server-schema.ts';
import { formats } from '@relayform/schema/formats.ts';
import { multiString } from './metabase-xml.ts';
import { NodeProperties } from './node-properties.ts';
import { dwordOf, outboundSecurityOf } from './route-action.ts';

/** IIS writes "unlimited" as 0xFFFFFFFF (or -1, the same DWORD). */
const UNLIMITED = 0xffffffff;

/** AuthFlags bits (metabase property reference): AuthAnonymous 1, AuthBasic 2, AuthNTLM 4 ("Integrated Windows"). */
const AUTH_ANONYMOUS = 1;
const AUTH_BASIC = 2;
const AUTH_NTLM = 4;
/** AccessSSLFlags bits: AccessSSL 8 (require a secure channel), AccessSSL128 256 (require 128-bit). */
const ACCESS_SSL = 8;
const ACCESS_SSL_128 = 256;

/** What one IIS virtual server becomes, before the access lists and domains are added. */
export interface MappedServer {
  server: VirtualServer;
  warnings: string[];
}

/** `TRUE`/`FALSE` as MetaBase.xml writes booleans (1/0 accepted). */
function booleanOf(props: NodeProperties, name: string): boolean | undefined {
  const text = props.get(name)?.trim().toLowerCase();
  if (text === undefined) return undefined;
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw props.error(name, `must be TRUE or FALSE, got "${props.get(name)}"`);
}

/** The number `name` holds, kept within [min, max] (IIS "unlimited" becomes max), with a report line naming `at`. */
function bounded(props: NodeProperties, name: string, at: string, min: number, max: number, convert = (n: number) => n): number | undefined {
  const raw = dwordOf(props, name);
  if (raw === undefined) return undefined;
  const unlimited = raw === UNLIMITED || raw === 0;
  const value = unlimited ? max : Math.min(max, Math.max(min, convert(raw)));
  const note = unlimited ? ` (IIS unlimited; ${max} is Relayform's largest)` : value !== convert(raw) ? ` (${convert(raw)} is outside ${min}-${max})` : '';
  props.mapped(name, `${at} = ${value}${note}`);
  return value;
}

/**
 * The virtual server `props` describes (an IIsSmtpServer with what it inherits), with `id` as its id and `number`
 * the N of /LM/SmtpSvc/N. Records every property it reads in `props`; access lists and domains are added by the caller.
 */
export function mapServer(props: NodeProperties, id: string, number: string): MappedServer {
  const warnings: string[] = [];
  const doc: Record<string, unknown> = { id, name: (props.get('ServerComment') ?? '').trim() || `SMTP Virtual Server #${number}` };
  if (props.has('ServerComment')) props.mapped('ServerComment', `name = "${doc.name}"`);

  const bindings = multiString(props.get('ServerBindings') ?? ':25:');
  const binding = /^(.*):(\d{1,5}):(.*)$/.exec(bindings[0] ?? '');
  if (!binding || Number(binding[2]) < 1 || Number(binding[2]) > 65535) throw props.error('ServerBindings', `must be "IP:port:host" lines, got "${bindings[0] ?? ''}"`);
  const address = binding[1].trim() || '0.0.0.0';
  if (isIP(address) === 0) throw props.error('ServerBindings', `has "${binding[1]}", which is not an IP address`);
  doc.bind_address = address;
  doc.port = Number(binding[2]);
  props.mapped('ServerBindings', `bind_address = "${address}", port = ${doc.port}${bindings.length > 1 ? `; not mapped: ${bindings.slice(1).join(', ')} (one listener per virtual server: add a virtual server per binding)` : ''}`, bindings.join(', '));
  if (!props.has('ServerBindings')) warnings.push(`${props.node.location}: no ServerBindings; the IIS default :25: (all addresses, port 25) is used.`);

  const autoStart = booleanOf(props, 'ServerAutoStart');
  if (autoStart !== undefined) {
    doc.enabled = autoStart;
    props.mapped('ServerAutoStart', `enabled = ${autoStart}`);
  }
  const fqdn = props.get('FullyQualifiedDomainName')?.trim();
  if (fqdn) {
    doc.fqdn = fqdn.toLowerCase();
    props.mapped('FullyQualifiedDomainName', `fqdn = "${doc.fqdn}"`);
  }
  const defaultDomain = props.get('DefaultDomain')?.trim().toLowerCase();
  doc.local_domains = defaultDomain ? [defaultDomain] : [];
  if (defaultDomain) props.mapped('DefaultDomain', `local_domains includes "${defaultDomain}" (the default local domain)`);
  const drop = props.get('DropDirectory')?.trim();
  if (drop && isAbsolute(drop) && !/^[A-Za-z]:|\\/.test(drop)) {
    doc.drop_directory = drop;
    props.mapped('DropDirectory', `drop_directory = "${drop}"`);
  } else if (drop) {
    props.notMapped('DropDirectory', 'a Windows path: the relay fills in <data-dir>/drop/<id> (set drop_directory to a directory on the relay host)');
  }

  const limits: Record<string, number> = {};
  const limit = (name: string, member: string, min: number, max: number, convert?: (n: number) => number) => {
    const value = bounded(props, name, `limits.${member}`, min, max, convert);
    if (value !== undefined) limits[member] = value;
  };
  limit('MaxMessageSize', 'max_message_size_kb', 1, 10_485_760, (bytes) => Math.ceil(bytes / 1024));
  limit('MaxRecipients', 'max_recipients_per_message', 1, 100_000);
  limit('MaxConnections', 'max_connections', 1, 100_000);
  limit('MaxBatchedMessages', 'max_messages_per_connection', 1, 100_000);
  limit('ConnectionTimeout', 'connection_timeout_seconds', 1, 86_400);
  limit('HopCount', 'max_hop_count', 1, 1_000);
  doc.limits = limits;

  const authFlags = dwordOf(props, 'AuthFlags');
  const authentication: Record<string, unknown> = {};
  if (authFlags !== undefined) {
    authentication.anonymous = (authFlags & AUTH_ANONYMOUS) !== 0;
    authentication.basic = (authFlags & AUTH_BASIC) !== 0;
    authentication.integrated = (authFlags & AUTH_NTLM) !== 0;
    props.mapped('AuthFlags', `authentication.anonymous = ${authentication.anonymous}, basic = ${authentication.basic}, integrated = ${authentication.integrated}` +
      (authentication.integrated ? ' (Relayform\'s integrated is Kerberos (AUTH GSSAPI) once authentication.kerberos_keytab_path names a keytab for smtp/<fqdn>, and CRAM-MD5/XOAUTH2 for relay accounts; NTLM is not offered)' : ''), `0x${authFlags.toString(16)}`);
  }
  const logonDomain = props.get('DefaultLogonDomain')?.trim();
  if (logonDomain) {
    authentication.basic_default_domain = logonDomain;
    props.mapped('DefaultLogonDomain', `authentication.basic_default_domain = "${logonDomain}"`);
  }
  doc.authentication = authentication;

  const ssl = dwordOf(props, 'AccessSSLFlags');
  if (ssl !== undefined) {
    doc.tls = { require_tls: (ssl & ACCESS_SSL) !== 0, require_128_bit: (ssl & ACCESS_SSL_128) !== 0 };
    props.mapped('AccessSSLFlags', `tls.require_tls = ${(ssl & ACCESS_SSL) !== 0}, tls.require_128_bit = ${(ssl & ACCESS_SSL_128) !== 0}`, `0x${ssl.toString(16)}`);
    if (ssl & ACCESS_SSL) warnings.push(`${props.node.location}: TLS is required but the certificate is in the Windows store: create an smtp_certificate and set tls.certificate_id, or every client is refused.`);
  }
  if (authentication.basic === true && !(ssl !== undefined && ssl & ACCESS_SSL)) {
    warnings.push(`${props.node.location}: basic authentication is accepted without requiring TLS: clients may send their passwords in clear text.`);
  }

  const relayForAuth = dwordOf(props, 'RelayForAuth');
  doc.relay_control = { allow_authenticated: relayForAuth !== undefined && relayForAuth !== 0 };
  if (relayForAuth !== undefined) props.mapped('RelayForAuth', `relay_control.allow_authenticated = ${relayForAuth !== 0}`);

  doc.delivery = delivery(props, warnings);
  const ndrTo = props.get('SendNdrTo')?.trim();
  if (ndrTo) {
    doc.ndr = { send_copy_to: ndrTo };
    props.mapped('SendNdrTo', `ndr.send_copy_to = "${ndrTo}"`);
  }
  const notice = badMailNotice(props);
  if (notice !== undefined) doc.dead_letter = { send_notice_to: notice };
  return { server: applyDefaults(virtualServerSchema, doc) as unknown as VirtualServer, warnings };
}

/**
 * BadMailDirectory -> the dead-letter store, which is always on (only its path has no equivalent: dead letters live in
 * the queue store); SendBadTo -> dead_letter.send_notice_to. Returns the notice address, or undefined.
 */
function badMailNotice(props: NodeProperties): string | undefined {
  if (props.has('BadMailDirectory')) {
    props.mapped('BadMailDirectory', 'the dead-letter store, always on (dead_letter.retention_hours = 168): the directory path has no meaning ' +
      'on the relay, which keeps badmail in its queue store (GET /v1/dead-letters, downloads as .eml)');
  }
  const to = props.get('SendBadTo')?.trim();
  if (!to) {
    if (props.has('SendBadTo')) props.notMapped('SendBadTo', 'empty: IIS sends no badmail notice');
    return undefined;
  }
  if (!formats['email-address'].check(to)) throw props.error('SendBadTo', `must be an e-mail address such as postmaster@example.com, got "${to}"`);
  props.mapped('SendBadTo', `dead_letter.send_notice_to = "${to}" (a notice about each dead letter, without its content)`);
  return to;
}

/**
 * MasqueradeDomain, switched by DoMasquerade (IIS masquerades when the domain is set unless DoMasquerade is FALSE): the
 * domain of MAIL FROM towards the next hop -> delivery.masquerade_domain; undefined when IIS does not masquerade.
 */
function masqueradeDomain(props: NodeProperties): string | undefined {
  const domain = props.get('MasqueradeDomain')?.trim().toLowerCase();
  const enabled = booleanOf(props, 'DoMasquerade');
  if (!domain) {
    if (props.has('MasqueradeDomain')) props.notMapped('MasqueradeDomain', 'empty: IIS does not masquerade');
    if (enabled !== undefined) props.notMapped('DoMasquerade', 'no MasqueradeDomain: nothing to masquerade as');
    return undefined;
  }
  if (enabled === false) {
    props.notMapped('MasqueradeDomain', 'DoMasquerade is FALSE: IIS does not masquerade (delivery.masquerade_domain stays unset)');
    props.mapped('DoMasquerade', 'delivery.masquerade_domain = null');
    return undefined;
  }
  if (!formats['domain-name'].check(domain)) throw props.error('MasqueradeDomain', `must be a domain name such as example.com, got "${props.get('MasqueradeDomain')}"`);
  props.mapped('MasqueradeDomain', `delivery.masquerade_domain = "${domain}" (the envelope sender's domain towards the next hop)`);
  if (enabled !== undefined) props.mapped('DoMasquerade', `delivery.masquerade_domain = "${domain}"`);
  return domain;
}

/** SmartHost, SmartHostType, RemoteSmtpPort, AlwaysUseSsl, RouteAction, retries and expirations -> delivery. */
function delivery(props: NodeProperties, warnings: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const smartHost = props.get('SmartHost')?.trim().replace(/^\[(.*)\]$/, '$1');
  const type = dwordOf(props, 'SmartHostType') ?? (smartHost ? 2 : 0);
  if (smartHost && type !== 0) {
    out.smart_host = smartHost;
    props.mapped('SmartHost', `delivery.smart_host = "${smartHost}"`);
    props.mapped('SmartHostType', type === 1
      ? 'delivery.smart_host (not mapped: "attempt direct delivery before sending to smart host"; the relay always uses the smart host)'
      : 'delivery.smart_host (always the smart host)');
    if (type === 1) warnings.push(`${props.node.location}: SmartHostType 1 tried direct delivery first; the relay sends everything to ${smartHost}.`);
    const port = dwordOf(props, 'RemoteSmtpPort');
    if (port !== undefined) {
      if (port < 1 || port > 65535) throw props.error('RemoteSmtpPort', `must be a port (1-65535), got ${port}`);
      out.smart_host_port = port;
      props.mapped('RemoteSmtpPort', `delivery.smart_host_port = ${port}`);
    }
  } else {
    if (smartHost) props.notMapped('SmartHost', 'SmartHostType 0: IIS does not use it');
    if (props.has('SmartHostType')) props.mapped('SmartHostType', 'delivery.smart_host = null (MX delivery)');
    if (props.has('RemoteSmtpPort')) props.notMapped('RemoteSmtpPort', 'without a smart host the relay delivers to MX hosts on port 25');
  }
  const masquerade = masqueradeDomain(props);
  if (masquerade !== undefined) out.masquerade_domain = masquerade;
  const alwaysSsl = booleanOf(props, 'AlwaysUseSsl') ?? false;
  const action = dwordOf(props, 'RouteAction') ?? 0;
  const route = outboundSecurityOf(props, action, alwaysSsl, 'delivery.outbound_security');
  out.outbound_security = route.security;
  warnings.push(...route.warnings);
  if (props.has('AlwaysUseSsl')) props.mapped('AlwaysUseSsl', alwaysSsl ? 'delivery.outbound_security.tls_policy = "encrypt"' : 'delivery.outbound_security.tls_policy automatic');
  if (props.has('RouteAction')) props.mapped('RouteAction', route.outcome.join('; ') || 'delivery.outbound_security: anonymous', `0x${action.toString(16)}`);

  const retry = props.get('SmtpRemoteProgressiveRetry');
  if (retry !== undefined) {
    const minutes = retry.split(',').map((part) => Number(part.trim()));
    if (minutes.length === 0 || minutes.some((m) => !Number.isInteger(m) || m <= 0)) throw props.error('SmtpRemoteProgressiveRetry', `must be minutes separated by commas, got "${retry}"`);
    out.retry_intervals_minutes = minutes.slice(0, 10);
    props.mapped('SmtpRemoteProgressiveRetry', `delivery.retry_intervals_minutes = [${minutes.slice(0, 10).join(', ')}]${minutes.length > 10 ? ' (the first 10; the last repeats)' : ''}`);
  }
  const hours = (name: string, member: string) => {
    const value = dwordOf(props, name);
    if (value === undefined) return;
    if (value === 0 || value === UNLIMITED) throw props.error(name, `must be a number of minutes above 0, got ${value}`);
    out[member] = Math.round((value / 60) * 1000) / 1000;
    props.mapped(name, `delivery.${member} = ${out[member]}`);
  };
  hours('SmtpRemoteNDRExpireMinutes', 'expiration_hours');
  hours('SmtpRemoteDelayExpireMinutes', 'delay_notification_hours');
  return out;
}
