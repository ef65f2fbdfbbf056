// Session hook for MAIL FROM: TLS and authentication requirements, messages per connection, sender syntax, message rate limits.
import type { SMTPServerAddress, SMTPServerSession } from 'smtp-server';
import { isInvalidMailbox, parseMailbox } from '../policy/mailbox.ts';
import { writtenInUtf8Address } from './relay-smtp-server.ts';
import { takeRate, type RateLimitDeps } from './rate-limits.ts';
import type { SessionContext } from './session-context.ts';
import { SmtpReply } from './smtp-reply.ts';

/**
 * Accepts (null) or refuses a sender: `530 5.7.0` before STARTTLS when TLS is required and
 * before AUTH when anonymous access is off; `421 4.7.0` past `max_messages_per_connection`
 * (the client reconnects); `553 5.6.7` for an address in UTF-8 without the SMTPUTF8 parameter (RFC 6531 section 3.5);
 * `553 5.1.7` for a malformed address. "" (null sender) is valid. A-label and U-label domains are both accepted. A sender
 * that passes all of these counts as one message against the rate limits (`451 4.7.1` past one; see takeRate).
 */
export async function onMailFrom(address: SMTPServerAddress, session: SMTPServerSession, ctx: SessionContext, deps: RateLimitDeps): Promise<SmtpReply | null> {
  const { server } = ctx.config;
  if (server.tls.require_tls && !session.secure) {
    return new SmtpReply(530, '5.7.0', 'Must issue a STARTTLS command first', 'tls_required');
  }
  if (!server.authentication.anonymous && ctx.authenticatedAs === null) {
    return new SmtpReply(530, '5.7.0', 'Authentication required', 'auth_required');
  }
  if (ctx.messages >= server.limits.max_messages_per_connection) {
    return new SmtpReply(421, '4.7.0', 'Too many messages in this connection, reconnect to continue', 'too_many_messages');
  }
  if (writtenInUtf8Address(address) && !session.envelope.smtpUtf8) {
    return new SmtpReply(553, '5.6.7', 'Non-ASCII addresses require the SMTPUTF8 parameter', 'smtputf8_required');
  }
  if (address.address !== '' && isInvalidMailbox(parseMailbox(address.address))) {
    return new SmtpReply(553, '5.1.7', 'Bad sender address syntax', 'bad_sender');
  }
  return takeRate('messages', address.address, ctx, deps);
}
