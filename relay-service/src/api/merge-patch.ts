// JSON Merge Patch (RFC 7396), the semantics of PATCH on every management API object.

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Applies `patch` to `target` without mutating either: null removes a member, objects merge, anything else replaces.
 * Member names are data: `__proto__` or `constructor` become own members (which validation then refuses), never a prototype.
 */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? Object.fromEntries(Object.entries(target)) : {};
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete result[name];
    else Object.defineProperty(result, name, { value: mergePatch(Object.hasOwn(result, name) ? result[name] : undefined, value), enumerable: true, writable: true, configurable: true });
  }
  return result;
}
