// smtp-server's own protocol log (connections, commands, replies) routed into the relay's logger at debug level.
import { format } from 'node:util';
import type { SMTPServerOptions } from 'smtp-server';
import type { Logger } from '../logger.ts';

/**
 * The `logger` option of a listener: false (nothing logged, nothing formatted) unless `log` is at debug level;
 * then every smtp-server entry, whatever level the library gives it, becomes a debug line of `log`. smtp-server
 * writes AUTH arguments and continuation lines as "/* secured *\/" and DATA only as a byte count.
 */
export function smtpProtocolLog(log: Logger): SMTPServerOptions['logger'] {
  if (!log.isLevelEnabled('debug')) return false;
  // util.format, not pino's interpolation: smtp-server passes the line as an argument without a %s ("C:", line).
  return { debug: (entry: object, message: string, ...args: unknown[]) => log.debug(entry, format(message, ...args)) };
}
