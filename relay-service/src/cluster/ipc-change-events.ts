// A worker's view of the configuration: change events come from the primary (over IPC) as well as from the store itself.
import type { ConfigFeed } from '../config/config-reader.ts';

/**
 * `feed` whose onChange listeners also run when `changes` fires. A worker's SQLite config store
 * only sees its own writes (it makes none); the primary, which applies every API change, tells the
 * workers after each commit, so the listeners and caches of the data plane see a change at once.
 */
export function withIpcChangeEvents(feed: ConfigFeed, changes: { subscribe(listener: () => void): () => void }): ConfigFeed {
  return {
    snapshot: () => feed.snapshot(),
    onChange: (listener) => {
      const fromStore = feed.onChange(listener);
      const fromPrimary = changes.subscribe(listener);
      return () => {
        fromStore();
        fromPrimary();
      };
    },
  };
}
