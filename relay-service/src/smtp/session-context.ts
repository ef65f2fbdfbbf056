// What a listener knows about one SMTP session, set by the connect hook and read by the later hooks.
import type { SMTPServerSession } from 'smtp-server';
import type { VirtualServerConfig } from '../config/config-reader.ts';
import type { Logger } from '../logger.ts';
import type { ClientIdentity } from '../policy/address-match.ts';

/** Per-session state. The configuration is the snapshot taken at connect: a session keeps the rules it started with. */
export interface SessionContext {
  config: VirtualServerConfig;
  client: ClientIdentity;
  /** `DOMAIN\name` or `name` after a successful AUTH, else null. */
  authenticatedAs: string | null;
  /** Messages accepted on this connection so far. */
  messages: number;
  log: SessionLog;
}

type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * A session's logger: the listener's, with the session's fields bound on the first line written at an enabled level.
 * Binding them (pino's child()) costs tens of microseconds, and at level warn most sessions never write a line.
 */
export class SessionLog {
  private bound: Logger | undefined;

  constructor(private readonly parent: Logger, private readonly fields: () => Record<string, unknown>) {}

  debug(obj: object | string, msg?: string): void { this.write('debug', obj, msg); }
  info(obj: object | string, msg?: string): void { this.write('info', obj, msg); }
  warn(obj: object | string, msg?: string): void { this.write('warn', obj, msg); }
  error(obj: object | string, msg?: string): void { this.write('error', obj, msg); }

  private write(level: Level, obj: object | string, msg?: string): void {
    if (!this.parent.isLevelEnabled(level)) return;
    this.bound ??= this.parent.child(this.fields());
    if (typeof obj === 'string') this.bound[level](obj);
    else this.bound[level](obj, msg);
  }
}

const contexts = new WeakMap<SMTPServerSession, SessionContext>();

/** Attaches the context to a session (connect hook). */
export function setSessionContext(session: SMTPServerSession, context: SessionContext): void {
  contexts.set(session, context);
}

/** The session's context; undefined only if the connect hook did not admit it. */
export function sessionContext(session: SMTPServerSession): SessionContext | undefined {
  return contexts.get(session);
}
