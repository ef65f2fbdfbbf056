// The provider's log: hclog-style JSON lines on stderr, which Terraform parses and files under TF_LOG.
// Never stdout: stdout carries only the handshake line.

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel | 'off', number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, off: 5 };

/** A leveled logger; `fields` must never contain secrets (callers pass ids, type names, statuses). */
export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
  enabled(level: LogLevel): boolean;
}

/**
 * The threshold from TF_LOG_PROVIDER, else TF_LOG ("JSON" counts as trace, unknown values as info);
 * with neither set Terraform discards plugin logs anyway, so only warnings and errors are written.
 */
export function logLevelFromEnv(env: NodeJS.ProcessEnv): LogLevel | 'off' {
  const raw = (env.TF_LOG_PROVIDER || env.TF_LOG || '').toLowerCase();
  if (raw === '') return 'warn';
  if (raw === 'json') return 'trace';
  return raw in RANK ? (raw as LogLevel | 'off') : 'info';
}

/** A logger writing one JSON object per line to `write` (stderr by default). */
export function createLogger(threshold: LogLevel | 'off', write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  return {
    enabled: (level) => RANK[level] >= RANK[threshold],
    log(level, message, fields = {}) {
      if (RANK[level] < RANK[threshold]) return;
      // go-plugin parses "@timestamp" with exactly six fractional digits; any other form makes it log the raw line.
      const timestamp = new Date().toISOString().replace(/Z$/, '000Z');
      write(JSON.stringify({ '@level': level, '@message': message, '@module': 'provider', '@timestamp': timestamp, ...fields }) + '\n');
    },
  };
}
