// The per-node SMTP bind address: lets several relay nodes that share one configuration run on one host.
import type { ConfigFeed, ConfigSnapshot } from './config/config-reader.ts';

/**
 * The data plane's view of the configuration with every virtual server's `bind_address` replaced by
 * `address` (ports unchanged); change events pass through. Nodes on separate hosts apply the
 * configuration as it is; nodes on one host each get their own address (e.g. 127.0.0.2, 127.0.0.3) so
 * that each can bind every virtual server's port.
 */
export function withSmtpBindAddress(feed: ConfigFeed, address: string): ConfigFeed {
  const rewrite = (snapshot: ConfigSnapshot): ConfigSnapshot => ({
    ...snapshot,
    virtualServers: snapshot.virtualServers.map((config) => ({ ...config, server: { ...config.server, bind_address: address } })),
  });
  return {
    snapshot: async () => rewrite(await feed.snapshot()),
    onChange: (listener) => feed.onChange(listener),
  };
}
