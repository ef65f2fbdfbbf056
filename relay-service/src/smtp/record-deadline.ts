// A per-record deadline for SMTP sessions (Postfix's smtpd_per_record_deadline): only a complete line buys more time.
import type { Writable } from 'node:stream';

/**
 * The idle timeout of a socket restarts with every byte, so a client that trickles one byte a
 * second holds a connection for ever (slowloris). This clock restarts only when a line ends: a
 * command line, or a line of message data, must arrive complete within `ms`.
 */
export class RecordDeadline {
  private readonly timer: NodeJS.Timeout;

  /** `onExpiry` returns true when it closed the session, false to grant one more period (the server, not the client, is busy). */
  constructor(ms: number, onExpiry: () => boolean) {
    this.timer = setTimeout(() => {
      if (!onExpiry()) this.timer.refresh();
    }, ms).unref();
  }

  /** A line ended: the next one gets a full period. */
  restart(): void {
    this.timer.refresh();
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}

/** Wraps `parser.write` (what a piped socket calls) so that `onLine` runs for every chunk holding a line feed. */
export function onLineFeed<T extends Writable>(parser: T, onLine: () => void): T {
  const write = parser.write.bind(parser) as (...args: unknown[]) => boolean;
  parser.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (Buffer.isBuffer(chunk) ? chunk.includes(0x0a) : String(chunk).includes('\n')) onLine();
    return write(chunk, ...rest);
  }) as T['write'];
  return parser;
}
