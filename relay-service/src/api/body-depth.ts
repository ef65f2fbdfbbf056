// Bounds how deeply a request body may nest, before anything recursive (merge patch, schema validation) walks it.

/** Our documents nest four levels at most; anything past this is an attack on the recursion, not configuration. */
export const maxBodyDepth = 32;

/** True when `value` nests arrays/objects deeper than `max`; walks iteratively, so no depth can overflow the stack. */
export function nestsDeeperThan(value: unknown, max = maxBodyDepth): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}
