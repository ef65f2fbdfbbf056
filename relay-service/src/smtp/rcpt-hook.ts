// Session hook for RCPT TO: the recipient limit and the relay decision shared with POST /v1/relay-check.
import type { SMTPServerAddress, SMTPServerSession } from 'smtp-server';
import { addressWithALabels } from '../policy/mailbox.ts';
import { decideRelay } from '../policy/relay-decision.ts';
import { writtenInUtf8Address } from './relay-smtp-server.ts';
import type { SessionContext } from './session-context.ts';
import { replyFromDecision, SmtpReply } from './smtp-reply.ts';

/**
 * Accepts (null) or refuses one recipient: `452 4.5.3` past `max_recipients_per_message`
 * (the client sends the rest in another transaction), `553 5.6.7` for an address in UTF-8 when MAIL FROM had no
 * SMTPUTF8 parameter (RFC 6531 section 3.5), else whatever decideRelay says (`550 5.7.1 Unable to relay`, `553 5.1.3`
 * for a malformed address). A recipient is the same one in its A-label and U-label forms.
 */
export function onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, ctx: SessionContext): SmtpReply | null {
  const limit = ctx.config.server.limits.max_recipients_per_message;
  // Only asked at the limit: a repeated recipient replaces its earlier entry, so it does not count again.
  const known = () => {
    const wanted = addressWithALabels(address.address).toLowerCase();
    return session.envelope.rcptTo.some((r) => addressWithALabels(r.address).toLowerCase() === wanted);
  };
  if (session.envelope.rcptTo.length >= limit && !known()) {
    return new SmtpReply(452, '4.5.3', 'Too many recipients', 'too_many_recipients');
  }
  if (writtenInUtf8Address(address) && !session.envelope.smtpUtf8) {
    return new SmtpReply(553, '5.6.7', 'Non-ASCII addresses require the SMTPUTF8 parameter', 'smtputf8_required');
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
