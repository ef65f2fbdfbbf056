// How a snapshot's child list was made from the one before it: what is built from lists (a rule index) updates, not rebuilds.

/** The items a list has that its predecessor `from` had not, and the ones it dropped (by identity). */
export interface ListDelta<T> {
  from: readonly T[];
  added: readonly T[];
  removed: readonly T[];
}

const deltas = new WeakMap<readonly unknown[], ListDelta<unknown>>();

/** Past this many items a delta is not kept: rebuilding is then about as cheap as updating. */
const maxDeltaItems = 256;

/**
 * Records that `list` is `from` with `added` and `removed`; store-config-reader.ts calls it for every list it makes from
 * an earlier one. When `from` has a delta nobody took (nothing was built from it), the two are merged, so a list keeps
 * at most one predecessor alive, and `from` can be collected.
 */
export function recordListDelta<T>(list: readonly T[], from: readonly T[], added: readonly T[], removed: readonly T[]): void {
  const before = deltas.get(from) as ListDelta<T> | undefined;
  let delta: ListDelta<T> = { from, added, removed };
  if (before) {
    deltas.delete(from);
    // An item comes once and goes once (a changed object is a new item): what came and went in between cancels out.
    const gone = new Set(removed);
    const came = new Set(before.added);
    delta = {
      from: before.from,
      added: [...before.added.filter((item) => !gone.has(item)), ...added],
      removed: [...before.removed, ...removed.filter((item) => !came.has(item))],
    };
  }
  if (delta.added.length + delta.removed.length <= maxDeltaItems) deltas.set(list, delta);
}

/**
 * The delta recorded for `list`, taken (forgotten) by the one who builds from it: the builder keeps what it built for
 * `list`, so the next list's delta starts from `list`. Undefined when none was recorded or it was too large.
 */
export function takeListDelta<T>(list: readonly T[]): ListDelta<T> | undefined {
  const delta = deltas.get(list) as ListDelta<T> | undefined;
  deltas.delete(list);
  return delta;
}
