// The verdict of a policy function, shaped like the SMTP reply it becomes.

/** Outcome of a policy check: the SMTP reply the listener sends and why. */
export interface PolicyDecision {
  decision: 'accept' | 'reject';
  /** SMTP reply code: 250 on accept, 4xx/5xx on reject. */
  smtp_code: number;
  /** RFC 3463 enhanced status code, e.g. "5.7.1". */
  enhanced_status: string;
  /** Human-readable reason; also the text of the SMTP reply. */
  reason: string;
}

/** An accepting decision. */
export function accept(enhanced: string, reason: string): PolicyDecision {
  return { decision: 'accept', smtp_code: 250, enhanced_status: enhanced, reason };
}

/** A rejecting decision with the given reply code. */
export function reject(code: number, enhanced: string, reason: string): PolicyDecision {
  return { decision: 'reject', smtp_code: code, enhanced_status: enhanced, reason };
}
