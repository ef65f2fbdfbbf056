// The per-node SMTP bind address: lets several relay nodes that share one configuration run on one host.
import type { ConfigReader, ConfigSnapshot } from './config/config-reader.ts';

/**
 * The data plane's view of the configuration with every virtual server's `bind_address` replaced by
 * `address` (ports unchanged); everything else is passed through. Nodes on separate hosts apply the
 * configuration as it is; nodes on one host each get their own address (e.g. 127.0.0.2, 127.0.0.3) so
 * that each can bind every virtual server's port.
 */
export function withSmtpBindAddress(reader: ConfigReader, address: string): ConfigReader {
  const rewrite = (snapshot: ConfigSnapshot): ConfigSnapshot => ({
    ...snapshot,
    virtualServers: snapshot.virtualServers.map((config) => ({ ...config, server: { ...config.server, bind_address: address } })),
  });
  return {
    snapshot: async () => rewrite(await reader.snapshot()),
    onChange: (listener) => reader.onChange(listener),
    verifyPassword: (name, domain, password) => reader.verifyPassword(name, domain, password),
    cramMd5Secret: (name, domain) => reader.cramMd5Secret(name, domain),
    verifyBearerToken: (user, token) => reader.verifyBearerToken(user, token),
    certificateKeyPair: (certificateId) => reader.certificateKeyPair(certificateId),
    outboundSecret: (owner, secret) => reader.outboundSecret(owner, secret),
  };
}
