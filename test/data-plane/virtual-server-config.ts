// Builds VirtualServerConfig values with the API's documented defaults, for policy and listener tests.
import type { VirtualServerConfig } from '../../relay-service/src/config/config-reader.ts';
import type { AddressMatch, ConnectionRule, RelayRule, RemoteDomain, VirtualServer } from '@relayform/schema/model.ts';
import { applyDefaults } from '@relayform/schema/apply-defaults.ts';
import { remoteDomainSchema } from '@relayform/schema/schemas/remote-domain-schema.ts';
import { virtualServerSchema } from '@relayform/schema/schemas/virtual-server-schema.ts';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };

/** A virtual server as POST /v1/virtual-servers would create it from name and port alone (the model's defaults). */
export function virtualServer(overrides: DeepPartial<VirtualServer> = {}): VirtualServer {
  return applyDefaults(virtualServerSchema, { id: 'vs-1', name: 'test', port: 2525, fqdn: 'relay.test', drop_directory: '/nonexistent', ...overrides }) as unknown as VirtualServer;
}

let counter = 0;

/** One address match with every other form null. */
export function rule(match: Partial<AddressMatch>): ConnectionRule & RelayRule {
  counter += 1;
  return { id: `rule-${counter}`, virtual_server_id: 'vs-1', description: '', ip_address: null, subnet_mask: null, cidr: null, domain: null, ...match };
}

/** A remote domain with the API defaults. */
export function remoteDomain(name: string, allowIncomingRelay: boolean): RemoteDomain {
  counter += 1;
  return applyDefaults(remoteDomainSchema, { id: `rd-${counter}`, virtual_server_id: 'vs-1', name, allow_incoming_relay: allowIncomingRelay }) as unknown as RemoteDomain;
}

/** A full VirtualServerConfig: the server plus its rules and remote domains. */
export function virtualServerConfig(parts: Partial<VirtualServerConfig> & { overrides?: DeepPartial<VirtualServer> } = {}): VirtualServerConfig {
  return {
    server: parts.server ?? virtualServer(parts.overrides),
    connectionRules: parts.connectionRules ?? [],
    relayRules: parts.relayRules ?? [],
    remoteDomains: parts.remoteDomains ?? [],
  };
}
