// The RouteAction flags of an IIS SMTP route (virtual server or remote domain) and the outbound security they describe.
//
// The published property reference lists RouteAction (ID 36946) as a DWORD of "various SMTP options" without naming
// its bits. These are the bit values this importer reads (the one place to correct should a metabase disagree):
// 0x02 forward to the smart host in RouteActionString, 0x04 outbound TLS, 0x08 outbound basic (SASL) authentication,
// 0x10 alias (local) domain, 0x20 outbound integrated (NTLM/Kerberos) authentication, 0x40 allow incoming mail to be
// relayed to this domain, 0x80 queue for ETRN/TURN (not mapped).
import type { OutboundSecurity } from '@relayform/schema/model.ts';
import { outboundSecurityDefaults } from '@relayform/schema/schemas/outbound-security-schema.ts';
import type { NodeProperties } from './node-properties.ts';

export const routeAction = {
  smartHost: 0x02,
  tls: 0x04,
  basic: 0x08,
  alias: 0x10,
  integrated: 0x20,
  relayAllowed: 0x40,
  etrn: 0x80,
} as const;

/** A DWORD property as a number: decimal (negative values as IIS writes -1) or 0x hex. */
export function dwordOf(props: NodeProperties, name: string): number | undefined {
  const text = props.get(name)?.trim();
  if (text === undefined) return undefined;
  const value = /^0x[0-9a-f]{1,8}$/i.test(text) ? Number.parseInt(text, 16) : /^-?\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value) || value < -2147483648 || value > 0xffffffff) throw props.error(name, `must be a DWORD (a whole number), got "${text}"`);
  return value >>> 0;
}

/**
 * The outbound security of a route: authentication from the RouteAction bits and RouteUserName, TLS from `tls`
 * (AlwaysUseSsl for a virtual server, the TLS bit for a domain). Records RouteUserName in the report and returns
 * what the RouteAction bits became (for the caller's report line) and warnings (credentials in clear text).
 * `at` is the dotted model path for the report.
 */
export function outboundSecurityOf(props: NodeProperties, action: number, tls: boolean, at: string): { security: OutboundSecurity; warnings: string[]; outcome: string[] } {
  const security = outboundSecurityDefaults();
  const warnings: string[] = [];
  const parts: string[] = [];
  const authentication = action & routeAction.basic ? 'basic' : action & routeAction.integrated ? 'integrated' : 'anonymous';
  if (authentication !== 'anonymous') {
    const username = props.get('RouteUserName')?.trim();
    if (!username) throw props.error('RouteAction', `asks for ${authentication} authentication to the next hop but RouteUserName is empty`);
    security.authentication = authentication;
    security.username = username;
    parts.push(`${at}.authentication = "${authentication}"`);
    props.mapped('RouteUserName', `${at}.username; the password becomes a write-only variable`);
    if (authentication === 'integrated') parts.push('(Relayform\'s integrated is CRAM-MD5, not NTLM/Kerberos: check that the next hop offers it)');
    if (!tls) {
      warnings.push(`${props.node.location}: ${authentication} authentication to the next hop without TLS: IIS sends these credentials in clear text. ` +
        'The relay never does: it requires a verified TLS session for them (tls_policy automatic = "verify"), so the next hop must offer STARTTLS.');
    }
  } else if (props.has('RouteUserName')) {
    props.notMapped('RouteUserName', 'RouteAction asks for no authentication, so the user name is unused');
  }
  if (tls) {
    security.tls_policy = 'encrypt';
    parts.push(`${at}.tls_policy = "encrypt"`);
  }
  if (action & routeAction.etrn) parts.push('(ETRN/TURN queueing not mapped: Relayform has no equivalent)');
  return { security, warnings, outcome: parts };
}
