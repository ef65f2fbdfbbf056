// Builds VirtualServerConfig values with the API's documented defaults, for policy and listener tests.
import type { VirtualServerConfig } from '../../relay-service/src/config/config-reader.ts';
import type { AddressMatch, ConnectionRule, RelayRule, RemoteDomain, VirtualServer } from '@relayform/schema/model.ts';
import { outboundSecurityDefaults } from '@relayform/schema/schemas/outbound-security-schema.ts';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };

/** A virtual server as POST /v1/virtual-servers would create it from name and port alone. */
export function virtualServer(overrides: DeepPartial<VirtualServer> = {}): VirtualServer {
  const base: VirtualServer = {
    id: 'vs-1', name: 'test', enabled: true, bind_address: '127.0.0.1', port: 2525, fqdn: 'relay.test',
    local_domains: [], drop_directory: '/nonexistent',
    limits: { max_message_size_kb: 10240, max_recipients_per_message: 100, max_connections: 100, max_messages_per_connection: 20, connection_timeout_seconds: 600 },
    authentication: { anonymous: true, basic: false, basic_default_domain: null, integrated: false },
    tls: { certificate_id: null, require_tls: false, require_128_bit: false },
    connection_control: { mode: 'all_except_listed' },
    relay_control: { mode: 'only_listed', allow_authenticated: true },
    delivery: {
      smart_host: null, smart_host_port: 25,
      outbound_security: outboundSecurityDefaults(),
      retry_intervals_minutes: [15, 30, 60, 240], expiration_hours: 48, delay_notification_hours: 12,
    },
    ndr: { send_copy_to: null },
  };
  const merged = { ...base, ...overrides } as VirtualServer;
  for (const key of ['limits', 'authentication', 'tls', 'connection_control', 'relay_control', 'delivery', 'ndr'] as const) {
    (merged as any)[key] = { ...base[key], ...(overrides[key] ?? {}) };
  }
  return merged;
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
  return {
    id: `rd-${counter}`, virtual_server_id: 'vs-1', name, smart_host: null, smart_host_port: 25,
    outbound_security: outboundSecurityDefaults(),
    require_tls: false, allow_incoming_relay: allowIncomingRelay,
  };
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
