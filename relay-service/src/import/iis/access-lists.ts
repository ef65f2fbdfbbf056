// IPSecurity -> connection_control + smtp_connection_rules, RelayIpList -> relay_control + smtp_relay_rules.
import type { AddressMatch } from '@relayform/schema/model.ts';
import { decodeIpSecList, IpSecListError, type IpSecEntry, type IpSecList } from './ipsec-list.ts';
import type { NodeProperties } from './node-properties.ts';

/** The rules of one list with the mode they apply in. */
export interface AccessList {
  mode: 'only_listed' | 'all_except_listed';
  rules: (AddressMatch & { description: string })[];
  warnings: string[];
}

/** Decodes `name` (an IPSECLIST) of `props`; an error names the node and the property. */
function decoded(props: NodeProperties, name: string): IpSecList | undefined {
  const hex = props.get(name);
  if (hex === undefined) return undefined;
  try {
    return decodeIpSecList(hex);
  } catch (error) {
    if (error instanceof IpSecListError) throw props.error(name, `is a corrupt IPSECLIST: it ${error.message}`);
    throw error;
  }
}

function match(entry: IpSecEntry): AddressMatch {
  if (entry.kind === 'name') return { ip_address: null, subnet_mask: null, cidr: null, domain: entry.name };
  return { ip_address: entry.address, subnet_mask: entry.mask === '255.255.255.255' ? null : entry.mask, cidr: null, domain: null };
}

function label(entry: IpSecEntry): string {
  if (entry.kind === 'name') return entry.subdomains ? `*.${entry.name}` : entry.name;
  return entry.mask === '255.255.255.255' ? entry.address : `${entry.address}/${entry.mask}`;
}

/** Numeric order for addresses (then masks), names after addresses in alphabetical order: stable output. */
function compare(a: IpSecEntry, b: IpSecEntry): number {
  const key = (e: IpSecEntry) => (e.kind === 'address' ? `0${e.address.split('.').map((o) => o.padStart(3, '0')).join('.')}/${e.mask.split('.').map((o) => o.padStart(3, '0')).join('.')}` : `1${e.name}`);
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

/**
 * The rules and mode of an IPSECLIST as IIS enforces it: the deny list when it has entries (everyone except them),
 * else the grant list (only them); with neither, `empty` decides (IIS: no list at all).
 */
function accessList(props: NodeProperties, name: string, list: IpSecList, what: string): AccessList {
  const enforced = list.enforced === 'deny' ? list.deny : list.grant;
  const warnings: string[] = [];
  const rules = [...enforced].sort(compare).map((entry) => {
    if (entry.kind === 'name' && !entry.subdomains) {
      warnings.push(`${props.node.location}: ${name} lists the exact host ${entry.name}; a Relayform domain rule also matches the names below it.`);
    }
    return { ...match(entry), description: `IIS ${name} ${list.enforced} entry ${label(entry)}` };
  });
  if (list.enforced === 'deny' && list.grant.length > 0) {
    warnings.push(`${props.node.location}: ${name} also holds ${list.grant.length} grant entries that IIS ignores while the deny list has entries (${list.grant.map(label).join(', ')}); not mapped.`);
  }
  const mode = list.enforced === 'grant' ? 'only_listed' : 'all_except_listed';
  const shown = list.enforced === 'none' ? 'an empty list' : `${list.enforced === 'grant' ? 'only' : 'all except'} ${enforced.map(label).join(', ')}`;
  props.mapped(name, `${what}.mode = "${mode}" and ${rules.length} rule(s)`, shown);
  return { mode, rules, warnings };
}

/** IPSecurity (who may connect). Absent: everyone may connect. */
export function connectionAccess(props: NodeProperties): AccessList {
  const list = decoded(props, 'IPSecurity');
  if (!list) return { mode: 'all_except_listed', rules: [], warnings: [] };
  return accessList(props, 'IPSecurity', list, 'connection_control');
}

/**
 * RelayIpList (who may relay). Absent: IIS's "only the list below" with an empty list (nobody relays by address);
 * a present list with no entries: "all except the list below" with nothing listed, an open relay.
 */
export function relayAccess(props: NodeProperties): AccessList {
  const list = decoded(props, 'RelayIpList');
  if (!list) return { mode: 'only_listed', rules: [], warnings: [] };
  const result = accessList(props, 'RelayIpList', list, 'relay_control');
  if (result.mode === 'all_except_listed') {
    result.warnings.push(`${props.node.location}: OPEN RELAY: RelayIpList lets every client${result.rules.length > 0 ? ` except the ${result.rules.length} listed` : ''} relay mail to any domain. ` +
      'The import keeps this (relay_control.mode = "all_except_listed"); change it to "only_listed" with relay rules for your own networks.');
  }
  return result;
}
