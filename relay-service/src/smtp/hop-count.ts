// The hop count of an incoming message: its Received: header fields, counted as loop detection (RFC 5321 6.3).

/**
 * How many `Received:` fields the header section of `chunks` (the message as the client sent it, before this relay's
 * own Received line) holds. Only the header section counts (up to the first empty line), and only a field name at the
 * start of a line (a folded continuation starts with white space). Reads no further than the header section.
 */
export function receivedCount(chunks: Buffer[]): number {
  let count = 0;
  let line = '';
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === 0x0a) {
        const text = line.endsWith('\r') ? line.slice(0, -1) : line;
        if (text === '') return count;
        if (/^received[ \t]*:/i.test(text)) count += 1;
        line = '';
      } else if (line.length < 16) {
        // Only the start of a line decides; the rest of a long header line is not kept.
        line += String.fromCharCode(byte);
      }
    }
  }
  return count;
}
