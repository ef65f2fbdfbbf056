// The typed verdict of a session hook that refuses: reply code, enhanced status, text and a metric reason.
import type { PolicyDecision } from '../policy/policy-decision.ts';

/**
 * A refusal a hook hands to smtp-server. The message starts with the enhanced status, which
 * RelaySmtpServer sends as is (`550 5.7.1 Unable to relay`); `responseCode` is the field
 * smtp-server reads for the reply code.
 */
export class SmtpReply extends Error {
  readonly responseCode: number;

  constructor(code: number, readonly enhancedStatus: string, readonly text: string, readonly reason: string) {
    super(`${enhancedStatus} ${text}`);
    this.responseCode = code;
  }
}

/** The reply for a rejecting policy decision. */
export function replyFromDecision(decision: PolicyDecision, reason: string): SmtpReply {
  return new SmtpReply(decision.smtp_code, decision.enhanced_status, decision.reason, reason);
}
