// One kind's objects grouped by parent, each group in creation order; a change merges into a new group, never in place.
import { recordListDelta } from './list-delta.ts';

/** The objects under one parent, sorted by position (ObjectVersion.position); `items` is what a snapshot lists. */
export interface Group {
  readonly positions: readonly number[];
  readonly ids: readonly string[];
  readonly items: readonly unknown[];
}

/** What one refresh changes in one kind, by parent: positions that go, objects that come (an update is both). */
export class ListEdits {
  readonly byParent = new Map<string | null, { removed: number[]; added: Array<{ position: number; id: string; item: unknown }> }>();

  private of(parentId: string | null) {
    let edit = this.byParent.get(parentId);
    if (!edit) this.byParent.set(parentId, (edit = { removed: [], added: [] }));
    return edit;
  }

  remove(parentId: string | null, position: number): void {
    this.of(parentId).removed.push(position);
  }

  add(parentId: string | null, position: number, id: string, item: unknown): void {
    this.of(parentId).added.push({ position, id, item });
  }
}

/** The first index in `sorted` whose value is at least `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The groups of one kind. `apply` makes each edited group anew: the unchanged head copied, the rest merged with the
 * edits (O(group + edits log edits), no sort of the group), and records the new list's delta (list-delta.ts) so that
 * a rule index can follow it. Groups not edited keep their arrays.
 */
export class ChildLists {
  private readonly groups = new Map<string | null, Group>();

  group(parentId: string | null): Group | undefined {
    return this.groups.get(parentId);
  }

  apply(edits: ListEdits): void {
    for (const [parentId, { removed, added }] of edits.byParent) {
      const old = this.groups.get(parentId) ?? { positions: [], ids: [], items: [] };
      removed.sort((a, b) => a - b);
      added.sort((a, b) => a.position - b.position);
      const first = Math.min(removed[0] ?? Infinity, added[0]?.position ?? Infinity);
      const start = lowerBound(old.positions, first);
      const positions = old.positions.slice(0, start);
      const ids = old.ids.slice(0, start);
      const items = old.items.slice(0, start);
      const gone: unknown[] = [];
      let a = 0;
      let r = 0;
      const take = () => {
        const next = added[a++];
        positions.push(next.position);
        ids.push(next.id);
        items.push(next.item);
      };
      for (let i = start; i < old.positions.length; i += 1) {
        const position = old.positions[i];
        while (a < added.length && added[a].position < position) take();
        while (r < removed.length && removed[r] < position) r += 1;
        if (r < removed.length && removed[r] === position) {
          gone.push(old.items[i]);
          r += 1;
          continue;
        }
        positions.push(position);
        ids.push(old.ids[i]);
        items.push(old.items[i]);
      }
      while (a < added.length) take();
      if (items.length === 0) {
        this.groups.delete(parentId);
        continue;
      }
      this.groups.set(parentId, { positions, ids, items });
      if (old.items.length > 0) recordListDelta(items, old.items, added.map((edit) => edit.item), gone);
    }
  }
}
