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
  log: Logger;
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
