// Session hook for RCPT TO: the recipient limit and the relay decision shared with POST /v1/relay-check.
import type { SMTPServerAddress, SMTPServerSession } from 'smtp-server';
import { decideRelay } from '../policy/relay-decision.ts';
import type { SessionContext } from './session-context.ts';
import { replyFromDecision, SmtpReply } from './smtp-reply.ts';

/**
 * Accepts (null) or refuses one recipient: `452 4.5.3` past `max_recipients_per_message`
 * (the client sends the rest in another transaction), else whatever decideRelay says
 * (`550 5.7.1 Unable to relay`, `553 5.1.3` for a malformed address).
 */
export function onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, ctx: SessionContext): SmtpReply | null {
  const limit = ctx.config.server.limits.max_recipients_per_message;
  const known = session.envelope.rcptTo.some((r) => r.address.toLowerCase() === address.address.toLowerCase());
  if (!known && session.envelope.rcptTo.length >= limit) {
    return new SmtpReply(452, '4.5.3', 'Too many recipients', 'too_many_recipients');
  }
  const decision = decideRelay(ctx.config, {
    client_ip: ctx.client.ip,
    client_hostname: ctx.client.hostname,
    authenticated_as: ctx.authenticatedAs,
    sender: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
    recipient: address.address,
  });
  if (decision.decision === 'accept') return null;
  return replyFromDecision(decision, decision.smtp_code === 550 ? 'relay_denied' : 'bad_recipient');
}
