// Renders a location inside a JSON document as the `$.a.b[0]` path used in API error details.

/** `['delivery', 'retry_intervals_minutes', 0]` -> `$.delivery.retry_intervals_minutes[0]`. */
export function jsonPath(segments: ReadonlyArray<string | number>): string {
  return segments.reduce<string>((path, segment) => {
    if (typeof segment === 'number') return `${path}[${segment}]`;
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(segment) ? `${path}.${segment}` : `${path}[${JSON.stringify(segment)}]`;
  }, '$');
}
