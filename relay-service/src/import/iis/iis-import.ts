// Turns an IIS 6 MetaBase.xml into Relayform configuration objects and a migration report, one virtual server at a time.
import type { Account, ConnectionRule, RelayRule } from '@relayform/schema/model.ts';
import { applyDefaults } from '@relayform/schema/apply-defaults.ts';
import { accountSchema } from '@relayform/schema/schemas/account-schema.ts';
import { connectionRuleSchema, relayRuleSchema } from '@relayform/schema/schemas/address-rule-schema.ts';
import type { RelayConfiguration } from '../../export/relay-configuration.ts';
import { connectionAccess, relayAccess } from './access-lists.ts';
import { mapDomains } from './domain-mapping.ts';
import { describeNode, MetabaseError, readMetabase, type MetabaseNode } from './metabase-xml.ts';
import type { ServerReport } from '../migration-report.ts';
import { NodeProperties } from './node-properties.ts';
import { mapServer } from './server-mapping.ts';

export interface IisImport {
  configuration: RelayConfiguration;
  reports: ServerReport[];
}

/** Which virtual servers to import: one by number, or all. Without either the metabase must hold exactly one. */
export interface ServerSelection {
  server?: string;
  all?: boolean;
  /**
   * The operators of the IIS Security tab as `DOMAIN\name` or `name`: MetaBase.xml keeps them in AdminACL, encrypted
   * with the machine key, so they are named here; each becomes an smtp_account placeholder and an smtp_operator.
   */
  operators?: string[];
}

/** `DOMAIN\name` or `name` as an account; throws when the name does not fit the account rules. */
function operatorAccount(text: string): Account {
  const [domain, name] = text.includes('\\') ? [text.slice(0, text.indexOf('\\')), text.slice(text.indexOf('\\') + 1)] : ['', text];
  const part = /^[^\\@\s:]+$/;
  if (!part.test(name) || (domain !== '' && !part.test(domain))) {
    throw new MetabaseError(`--operator "${text}" must be DOMAIN\\name or name, without "@", ":" or spaces`);
  }
  const id = `iis-account-${domain.toLowerCase()}-${name.toLowerCase()}`;
  return applyDefaults(accountSchema, { id, name, domain, password_wo_version: null }) as unknown as Account;
}

const SERVICE = '/lm/smtpsvc';

/**
 * Reads `xml` and maps the selected virtual servers. Throws MetabaseError for malformed XML, a corrupt IPSECLIST, an
 * unknown property or a value out of range, naming the element and property; nothing is returned partially.
 */
export function importIis(xml: string, selection: ServerSelection = {}): IisImport {
  const nodes = readMetabase(xml);
  const service = nodes.find((node) => node.location.toLowerCase() === SERVICE);
  const servers = nodes
    .map((node) => ({ node, number: /^\/lm\/smtpsvc\/(\d+)$/i.exec(node.location)?.[1] }))
    .filter((s): s is { node: MetabaseNode; number: string } => s.number !== undefined)
    .sort((a, b) => Number(a.number) - Number(b.number));
  for (const { node } of servers) {
    if (node.type !== 'IIsSmtpServer') throw new MetabaseError(`${describeNode(node)} is at a virtual server's path but is not an IIsSmtpServer`);
  }
  if (servers.length === 0) throw new MetabaseError('MetaBase.xml has no SMTP virtual server (no IIsSmtpServer at /LM/SmtpSvc/N)');
  const numbers = servers.map((s) => s.number).join(', ');
  let chosen = servers;
  if (selection.server !== undefined) {
    chosen = servers.filter((s) => s.number === selection.server);
    if (chosen.length === 0) throw new MetabaseError(`there is no virtual server ${selection.server} (/LM/SmtpSvc/${selection.server}); the metabase has ${numbers}`);
  } else if (!selection.all && servers.length > 1) {
    throw new MetabaseError(`MetaBase.xml has ${servers.length} SMTP virtual servers (${numbers}): choose one with --server N, or --all`);
  }

  const accounts = [...new Map((selection.operators ?? []).map(operatorAccount).map((a) => [a.id, a])).values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  const configuration: RelayConfiguration = { virtualServers: [], accounts, directories: [], certificates: [], operators: [], connectionRules: [], relayRules: [], remoteDomains: [] };
  const reports: ServerReport[] = [];
  for (const { node, number } of chosen) {
    const id = `iis-smtpsvc-${number}`;
    const props = new NodeProperties(node, service ? [node, service] : [node]);
    const { server, warnings } = mapServer(props, id, number);
    if (accounts.length > 0) {
      const names = accounts.map((a) => (a.domain ? `${a.domain}\\${a.name}` : a.name)).join(', ');
      props.mapped('AdminACL', `encrypted with the machine key, so not read; the operators given with --operator (${names}) become smtp_account + smtp_operator`);
      configuration.operators.push(...accounts.map((account) => ({ id: `${id}-operator-${account.id}`, virtual_server_id: id, account_id: account.id })));
    }
    const connection = connectionAccess(props);
    const relay = relayAccess(props);
    server.connection_control.mode = connection.mode;
    server.relay_control.mode = relay.mode;
    const below = nodes.filter((child) => child.location.toLowerCase().startsWith(`${node.location.toLowerCase()}/`));
    const domains = mapDomains(below.filter((child) => child.type === 'IIsSmtpDomain'), id);
    server.local_domains = [...new Set([...server.local_domains, ...domains.localDomains])].sort();
    const rule = <T>(schema: typeof connectionRuleSchema, kind: string) => (r: object, i: number) =>
      applyDefaults(schema, { ...r, id: `${id}-${kind}-${i + 1}`, virtual_server_id: id }) as unknown as T;
    configuration.virtualServers.push(server);
    configuration.connectionRules.push(...connection.rules.map(rule<ConnectionRule>(connectionRuleSchema, 'connection')));
    configuration.relayRules.push(...relay.rules.map(rule<RelayRule>(relayRuleSchema, 'relay')));
    configuration.remoteDomains.push(...domains.remoteDomains);
    const others = below.filter((child) => child.type !== 'IIsSmtpDomain').map((child) =>
      `${child.location}: ${child.type} not mapped (only IIsSmtpDomain nodes below a virtual server have an equivalent)`);
    reports.push({
      title: server.name, location: node.location,
      lines: [...props.finish(), ...domains.lines],
      warnings: [...warnings, ...connection.warnings, ...relay.warnings, ...domains.warnings, ...others],
    });
  }
  return { configuration, reports };
}
