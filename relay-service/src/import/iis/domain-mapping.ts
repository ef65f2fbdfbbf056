// Maps the IIsSmtpDomain nodes of one virtual server: alias domains to local_domains, the others to remote domains.
import type { RemoteDomain } from '@relayform/schema/model.ts';
import { applyDefaults } from '@relayform/schema/apply-defaults.ts';
import { canonicalDomainPattern } from '@relayform/schema/domain-name.ts';
import { remoteDomainSchema } from '@relayform/schema/schemas/remote-domain-schema.ts';
import type { MetabaseNode } from './metabase-xml.ts';
import type { ReportLine } from '../migration-report.ts';
import { NodeProperties } from './node-properties.ts';
import { dwordOf, outboundSecurityOf, routeAction } from './route-action.ts';

/** The domains of one virtual server and what the report says about them. */
export interface MappedDomains {
  localDomains: string[];
  remoteDomains: RemoteDomain[];
  lines: ReportLine[];
  warnings: string[];
}

/** `nodes` are the IIsSmtpDomain children of the server with id `serverId`; the domain name is the last Location segment. */
export function mapDomains(nodes: MetabaseNode[], serverId: string): MappedDomains {
  const out: MappedDomains = { localDomains: [], remoteDomains: [], lines: [], warnings: [] };
  const named = nodes.map((node) => {
    const last = node.location.slice(node.location.lastIndexOf('/') + 1);
    const name = canonicalDomainPattern(last);
    if (name === null) throw new NodeProperties(node, [node]).error('Location', `ends in "${last}", which is not a domain name`);
    return { node, name };
  }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { node, name } of named) {
    const props = new NodeProperties(node, [node]);
    const wildcard = name.startsWith('*.');
    const action = dwordOf(props, 'RouteAction') ?? 0;
    for (const perDomain of ['RelayIpList', 'RelayForAuth']) {
      if (props.has(perDomain)) props.notMapped(perDomain, 'Relayform\'s relay rules are per virtual server: allow_incoming_relay (RouteAction) is the per-domain switch');
    }
    if (action & routeAction.alias) {
      if (wildcard) throw props.error('RouteAction', `marks "${name}" as a local (alias) domain, which cannot be a wildcard`);
      out.localDomains.push(name);
      props.mapped('RouteAction', `local_domains includes "${name}" (alias domain: mail is written to the drop directory)`, `0x${action.toString(16)}`);
      out.lines.push(...props.finish());
      continue;
    }
    const doc: Record<string, unknown> = { id: `${serverId}-domain-${name}`, virtual_server_id: serverId, name };
    const outcome: string[] = [];
    if (action & routeAction.smartHost) {
      const host = props.get('RouteActionString')?.trim().replace(/^\[(.*)\]$/, '$1');
      if (!host) throw props.error('RouteAction', 'forwards to a smart host but RouteActionString is empty');
      doc.smart_host = host;
      outcome.push(`smart_host = "${host}"`);
      props.mapped('RouteActionString', `smart_host = "${host}"`);
    }
    const route = outboundSecurityOf(props, action, (action & routeAction.tls) !== 0, 'outbound_security');
    doc.outbound_security = route.security;
    outcome.push(...route.outcome);
    out.warnings.push(...route.warnings);
    if (action & routeAction.relayAllowed) {
      doc.allow_incoming_relay = true;
      outcome.push('allow_incoming_relay = true');
      out.warnings.push(`${node.location}: any client that may connect may relay mail to ${name} (allow incoming mail to be relayed to this domain).`);
    }
    props.mapped('RouteAction', `smtp_remote_domain "${name}"${outcome.length > 0 ? `: ${outcome.join('; ')}` : ' (MX delivery)'}`, `0x${action.toString(16)}`);
    out.remoteDomains.push(applyDefaults(remoteDomainSchema, doc) as unknown as RemoteDomain);
    out.lines.push(...props.finish());
  }
  return out;
}
