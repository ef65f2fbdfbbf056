// A worker's view of the configuration: change events come from the primary (over IPC) as well as from the store itself.
import type { ConfigReader } from '../config/config-reader.ts';

/**
 * `reader` whose onChange listeners also run when `changes` fires. A worker's SQLite config store
 * only sees its own writes (it makes none); the primary, which applies every API change, tells the
 * workers after each commit, so the listeners and caches of the data plane see a change at once.
 */
export function withIpcChangeEvents(reader: ConfigReader, changes: { subscribe(listener: () => void): () => void }): ConfigReader {
  return {
    snapshot: () => reader.snapshot(),
    onChange: (listener) => {
      const fromStore = reader.onChange(listener);
      const fromPrimary = changes.subscribe(listener);
      return () => {
        fromStore();
        fromPrimary();
      };
    },
    verifyPassword: (name, domain, password) => reader.verifyPassword(name, domain, password),
    cramMd5Secret: (name, domain) => reader.cramMd5Secret(name, domain),
    verifyBearerToken: (user, token) => reader.verifyBearerToken(user, token),
    certificateKeyPair: (certificateId) => reader.certificateKeyPair(certificateId),
    outboundSecret: (owner, secret) => reader.outboundSecret(owner, secret),
  };
}
