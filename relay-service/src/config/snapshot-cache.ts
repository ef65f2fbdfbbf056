// Keeps the configuration snapshot and the clear outbound secrets between change events, so a backlog is not
// re-read (and secrets not decrypted again) from the store per message.
import type { ConfigReader, ConfigSnapshot, OutboundSecretKind, SecretOwner } from './config-reader.ts';

export interface SnapshotCache {
  /** The current snapshot: cached until the next change event, then read again. */
  snapshot(): Promise<ConfigSnapshot>;
  /** ConfigReader.outboundSecret, cached the same way (a failed read is not cached). */
  secret(owner: SecretOwner, kind: OutboundSecretKind): Promise<string | null>;
  /** Stops listening for change events. */
  close(): void;
}

/**
 * Caches `config.snapshot()`. A read that was already running when a change event arrived is used by
 * its own callers but never cached, so every call that starts after the event sees the change.
 */
export function cacheSnapshots(config: ConfigReader): SnapshotCache {
  let generation = 0;
  let cached: Promise<ConfigSnapshot> | null = null;
  const secrets = new Map<string, Promise<string | null>>();
  const unsubscribe = config.onChange(() => {
    generation++;
    cached = null;
    secrets.clear();
  });
  return {
    snapshot() {
      if (cached) return cached;
      const started = generation;
      const read = config.snapshot();
      cached = read;
      read.then(
        () => { if (generation !== started && cached === read) cached = null; },
        () => { if (cached === read) cached = null; },
      );
      return read;
    },
    secret(owner, kind) {
      const key = `${'virtual_server_id' in owner ? `vs:${owner.virtual_server_id}` : `rd:${owner.remote_domain_id}`}|${kind}`;
      const known = secrets.get(key);
      if (known) return known;
      const started = generation;
      const read = config.outboundSecret(owner, kind);
      secrets.set(key, read);
      read.then(
        () => { if (generation !== started && secrets.get(key) === read) secrets.delete(key); },
        () => { if (secrets.get(key) === read) secrets.delete(key); },
      );
      return read;
    },
    close: unsubscribe,
  };
}
