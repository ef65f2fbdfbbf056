// The change log's one rule, shared by both engines: a read of it answers only when it holds every commit asked for.
import type { ConfigChanges, ObjectChange } from './config-store.ts';

/** One log row joined with its object as it is now. */
export interface LoggedChange extends ObjectChange {
  /** The commit (config version) that wrote or deleted the object. */
  changedIn: number;
}

/**
 * ConfigReads.changesSince from the log rows after `after`, read together with the config `version`: each object once,
 * or null when a commit in between has no row. Every changing commit logs at least one object, so a missing version is
 * a pruned commit, or one by a relay without the log (a node not yet upgraded), and only a full read is safe.
 */
export function changesFromLog(after: number, version: number, rows: LoggedChange[]): ConfigChanges | null {
  if (version < after) return null;
  const commits = new Set(rows.map((row) => row.changedIn));
  if (commits.size !== version - after) return null;
  const objects = new Map<string, ObjectChange>();
  for (const { kind, id, now } of rows) objects.set(`${kind}\0${id}`, { kind, id, now });
  return { version, changes: [...objects.values()] };
}
