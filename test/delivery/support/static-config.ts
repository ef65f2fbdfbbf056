// A ConfigReader over in-memory objects, for delivery tests that drive the worker without the management API.
import type { ConfigReader, ConfigSnapshot } from '../../../relay-service/src/config/config-reader.ts';
import { applyDefaults } from '@relayform/schema/apply-defaults.ts';
import type { OutboundSecurity, RemoteDomain, VirtualServer } from '@relayform/schema/model.ts';
import { remoteDomainSchema } from '@relayform/schema/schemas/remote-domain-schema.ts';
import { virtualServerSchema } from '@relayform/schema/schemas/virtual-server-schema.ts';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };

/** A virtual server with the API's defaults (the model's schema), overridden by `patch`. */
export function virtualServer(id: string, patch: DeepPartial<VirtualServer> = {}): VirtualServer {
  return applyDefaults(virtualServerSchema, { id, name: id, port: 2525, fqdn: 'relay.test', drop_directory: '/nonexistent', ...patch }) as unknown as VirtualServer;
}

/** A remote domain of virtual server `vsId` with the API's defaults, overridden by `patch`. */
export function remoteDomain(id: string, vsId: string, name: string, patch: Partial<Omit<RemoteDomain, 'outbound_security'>> & { outbound_security?: Partial<OutboundSecurity> } = {}): RemoteDomain {
  return applyDefaults(remoteDomainSchema, { id, virtual_server_id: vsId, name, ...patch }) as unknown as RemoteDomain;
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
    verifyPassword: unsupported, cramMd5Secret: unsupported, accountOfPrincipal: unsupported, verifyBearerToken: unsupported,
    certificateKeyPair: unsupported,
    async outboundSecret(owner, secret) {
      const id = 'virtual_server_id' in owner ? owner.virtual_server_id : owner.remote_domain_id;
      return (secret === 'password' ? config.passwords : config.clientSecrets).get(id) ?? null;
    },
  };
  return config;
}
