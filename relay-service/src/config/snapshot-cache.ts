// Keeps the configuration snapshot and the clear outbound secrets between change events, so a backlog is not
// re-read (and secrets not decrypted again) from the store per message.
import type { ConfigFeed, ConfigSnapshot, CredentialStore, OutboundSecretKind, SecretOwner } from './config-reader.ts';

/** A feed whose snapshot (and outbound secrets) are read once per change; one per process, shared by listeners and delivery. */
export interface SnapshotCache extends ConfigFeed {
  /** The current snapshot: cached until the next change event, then read again. */
  snapshot(): Promise<ConfigSnapshot>;
  /** CredentialStore.outboundSecret, cached the same way (a failed read is not cached). */
  secret(owner: SecretOwner, kind: OutboundSecretKind): Promise<string | null>;
  /** Stops listening for change events. */
  close(): void;
}

/**
 * Caches `feed.snapshot()` and `credentials.outboundSecret()`. A read that was already running when a change event arrived
 * is used by its own callers but never cached, so every call that starts after the event sees the change. The cache hears
 * of a change before anyone who subscribes through it.
 */
export function cacheSnapshots(feed: ConfigFeed, credentials: Pick<CredentialStore, 'outboundSecret'>): SnapshotCache {
  let generation = 0;
  let cached: Promise<ConfigSnapshot> | null = null;
  const secrets = new Map<string, Promise<string | null>>();
  const unsubscribe = feed.onChange(() => {
    generation++;
    cached = null;
    secrets.clear();
  });
  return {
    snapshot() {
      if (cached) return cached;
      const started = generation;
      const read = feed.snapshot();
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
      const read = credentials.outboundSecret(owner, kind);
      secrets.set(key, read);
      read.then(
        () => { if (generation !== started && secrets.get(key) === read) secrets.delete(key); },
        () => { if (secrets.get(key) === read) secrets.delete(key); },
      );
      return read;
    },
    onChange: (listener) => feed.onChange(listener),
    close: unsubscribe,
  };
}
