// The relay's structured logger: JSON lines (pino) with secrets redacted by key name.
import { pino, type Logger } from 'pino';

export type { Logger };

/** Keys whose values never reach a log line, wherever they sit in a logged object. */
const secretKeys = ['password', 'password_wo', 'private_key_pem_wo', 'token', 'authorization', 'secret', 'pass'];

/** Creates a logger at `level` (default info); "silent" turns it off. */
export function createLogger(level = 'info'): Logger {
  return pino({
    level,
    redact: { paths: secretKeys.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]), censor: '[redacted]' },
  });
}
