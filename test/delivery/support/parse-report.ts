// Splits a multipart/report DSN into its parts and status fields, so tests can assert on RFC 3464 structure.

export interface ParsedPart {
  contentType: string;
  body: string;
}

export interface ParsedReport {
  /** Top-level header fields, lower-cased names, unfolded. */
  headers: Map<string, string>;
  contentType: string;
  parts: ParsedPart[];
  /** The message/delivery-status part as field blocks: [per-message, per-recipient...]. */
  statusBlocks: Array<Map<string, string>>;
}

function fields(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) map.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return map;
}

/** Parses a raw report; throws when it is not a multipart message with a boundary. */
export function parseReport(raw: Buffer): ParsedReport {
  const text = raw.toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  const headers = fields(text.slice(0, split));
  const contentType = headers.get('content-type') ?? '';
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!boundary) throw new Error(`not multipart: ${contentType}`);
  const sections = text.slice(split + 4).split(`--${boundary}`).slice(1, -1);
  const parts = sections.map((section) => {
    const body = section.replace(/^\r\n/, '');
    const end = body.indexOf('\r\n\r\n');
    return { contentType: fields(body.slice(0, end)).get('content-type') ?? 'text/plain', body: body.slice(end + 4).replace(/\r\n$/, '') };
  });
  const status = parts.find((p) => p.contentType.startsWith('message/delivery-status'));
  const statusBlocks = status ? status.body.split(/\r\n\r\n/).filter((b) => b.trim()).map(fields) : [];
  return { headers, contentType, parts, statusBlocks };
}
