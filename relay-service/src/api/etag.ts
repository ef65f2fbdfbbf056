// Entity tags of management API objects (their config version) and the If-Match precondition.

/** The strong ETag of an object last written at `version`. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** True when there is no If-Match header, it is `*`, or one of its tags (weak or strong) names `version`. */
export function ifMatchHolds(header: string | undefined, version: number): boolean {
  if (header === undefined) return true;
  const tags = header.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  return tags.includes('*') || tags.includes(etagOf(version));
}
