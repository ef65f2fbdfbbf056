// A ConfigReader over in-memory objects, for delivery tests that drive the worker without the management API.
import type { ConfigReader, ConfigSnapshot } from '../../../relay-service/src/config/config-reader.ts';
import type { OutboundSecurity, RemoteDomain, VirtualServer } from '@relayform/schema/model.ts';
import { outboundSecurityDefaults } from '@relayform/schema/schemas/outbound-security-schema.ts';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };

const anonymous = outboundSecurityDefaults();

/** A virtual server with the API's defaults, overridden by `patch`. */
export function virtualServer(id: string, patch: DeepPartial<VirtualServer> = {}): VirtualServer {
  const base: VirtualServer = {
    id, name: id, enabled: true, bind_address: '127.0.0.1', port: 2525, fqdn: 'relay.test', local_domains: [], drop_directory: '/nonexistent',
    limits: { max_message_size_kb: 10240, max_recipients_per_message: 100, max_connections: 100, max_messages_per_connection: 20, connection_timeout_seconds: 600 },
    authentication: { anonymous: true, basic: false, basic_default_domain: null, integrated: false },
    tls: { certificate_id: null, require_tls: false, require_128_bit: false },
    connection_control: { mode: 'all_except_listed' },
    relay_control: { mode: 'only_listed', allow_authenticated: true },
    delivery: { smart_host: null, smart_host_port: 25, outbound_security: anonymous, retry_intervals_minutes: [15, 30, 60, 240], expiration_hours: 48, delay_notification_hours: 12 },
    ndr: { send_copy_to: null },
  };
  return {
    ...base, ...patch,
    delivery: { ...base.delivery, ...patch.delivery, outbound_security: { ...anonymous, ...patch.delivery?.outbound_security } },
    ndr: { ...base.ndr, ...patch.ndr },
  } as VirtualServer;
}

/** A remote domain of virtual server `vsId` with the API's defaults, overridden by `patch`. */
export function remoteDomain(id: string, vsId: string, name: string, patch: Partial<Omit<RemoteDomain, 'outbound_security'>> & { outbound_security?: Partial<OutboundSecurity> } = {}): RemoteDomain {
  return {
    id, virtual_server_id: vsId, name, smart_host: null, smart_host_port: 25, require_tls: false, allow_incoming_relay: false,
    ...patch, outbound_security: { ...anonymous, ...patch.outbound_security },
  };
}

/** The mutable configuration the reader serves; passwords are keyed by virtual server or remote domain id. */
export interface StaticConfig extends ConfigReader {
  servers: VirtualServer[];
  remoteDomains: RemoteDomain[];
  passwords: Map<string, string>;
  /** OAuth2 client secrets, keyed like `passwords`. */
  clientSecrets: Map<string, string>;
  /** Fires the change event, as the store does after a commit; call it after mutating the arrays. */
  changed(): void;
}

export function staticConfig(servers: VirtualServer[], remoteDomains: RemoteDomain[] = [], passwords: Record<string, string> = {},
  clientSecrets: Record<string, string> = {}): StaticConfig {
  const unsupported = () => Promise.reject(new Error('not used by delivery'));
  const listeners = new Set<() => void>();
  let version = 1;
  const config: StaticConfig = {
    servers, remoteDomains, passwords: new Map(Object.entries(passwords)), clientSecrets: new Map(Object.entries(clientSecrets)),
    changed() {
      version++;
      for (const listener of listeners) listener();
    },
    async snapshot(): Promise<ConfigSnapshot> {
      return {
        version,
        virtualServers: config.servers.map((server) => ({
          server, connectionRules: [], relayRules: [], remoteDomains: config.remoteDomains.filter((d) => d.virtual_server_id === server.id),
        })),
      };
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    verifyPassword: unsupported, cramMd5Secret: unsupported, verifyBearerToken: unsupported, certificateKeyPair: unsupported,
    async outboundSecret(owner, secret) {
      const id = 'virtual_server_id' in owner ? owner.virtual_server_id : owner.remote_domain_id;
      return (secret === 'password' ? config.passwords : config.clientSecrets).get(id) ?? null;
    },
  };
  return config;
}
