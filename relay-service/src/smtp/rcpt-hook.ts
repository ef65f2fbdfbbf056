// Session hook for RCPT TO: the recipient limit, the relay decision shared with POST /v1/relay-check, recipient rate limits.
import type { SMTPServerAddress, SMTPServerSession } from 'smtp-server';
import { addressWithALabels } from '../policy/mailbox.ts';
import { decideRelay } from '../policy/relay-decision.ts';
import { writtenInUtf8Address } from './relay-smtp-server.ts';
import { takeRate, type RateLimitDeps } from './rate-limits.ts';
import type { SessionContext } from './session-context.ts';
import { replyFromDecision, SmtpReply } from './smtp-reply.ts';

/**
 * Accepts (null) or refuses one recipient: `452 4.5.3` past `max_recipients_per_message`
 * (the client sends the rest in another transaction), `553 5.6.7` for an address in UTF-8 when MAIL FROM had no
 * SMTPUTF8 parameter (RFC 6531 section 3.5), else whatever decideRelay says (`550 5.7.1 Unable to relay`, `553 5.1.3`
 * for a malformed address). A recipient is the same one in its A-label and U-label forms. An accepted recipient new to
 * the transaction counts against the recipient rate limits (`451 4.7.1` past one; a refused one is never counted).
 */
export async function onRcptTo(address: SMTPServerAddress, session: SMTPServerSession, ctx: SessionContext, deps: RateLimitDeps): Promise<SmtpReply | null> {
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
  const sender = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
  const decision = decideRelay(ctx.config, {
    client_ip: ctx.client.ip,
    client_hostname: ctx.client.hostname,
    authenticated_as: ctx.authenticatedAs,
    sender,
    recipient: address.address,
  });
  // A repeated recipient replaces its earlier entry: it was counted then.
  if (decision.decision === 'accept') return known() ? null : takeRate('recipients', sender, ctx, deps);
  return replyFromDecision(decision, decision.smtp_code === 550 ? 'relay_denied' : 'bad_recipient');
}
