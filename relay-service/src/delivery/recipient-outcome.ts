// Turns what the next hop said (or how the connection failed) into a verdict per recipient.
import type { TlsPolicy } from '@relayform/schema/model.ts';
import { tlsFailureOf } from './tls-failure.ts';
import { NextHopRefusal } from './mail-parameters.ts';
import { OAuth2TokenError } from './oauth2-token-cache.ts';
import type { SendResult } from './transport-pool.ts';

/** The verdict on one recipient after one attempt. */
export interface RecipientOutcome {
  address: string;
  result: 'delivered' | 'deferred' | 'failed';
  /** RFC 3463 status, from the reply's enhanced code or derived from its basic code. */
  status: string;
  /** The SMTP reply ("550 5.1.1 no such user") or, when there was none, a local explanation. */
  detail: string;
  /** True when `detail` is a reply of the remote server (DSN diagnostic type "smtp"). */
  fromRemote: boolean;
  /** The host that answered or failed, when known. */
  remoteMta: string | null;
}

type Verdict = Omit<RecipientOutcome, 'address'>;

/** The verdict an SMTP reply line gives: 2xx delivered, 4xx deferred, 5xx failed. */
export function verdictOfReply(reply: string, remoteMta: string | null): Verdict {
  const text = reply.trim();
  const code = Number(/^(\d{3})/.exec(text)?.[1] ?? 0);
  const enhanced = /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(text)?.[1];
  const klass = Math.floor(code / 100);
  const result = klass === 2 ? 'delivered' : klass === 5 ? 'failed' : 'deferred';
  const status = enhanced ?? `${klass === 2 || klass === 5 ? klass : 4}.0.0`;
  return { result, status, detail: text || 'no reply', fromRemote: code > 0, remoteMta };
}

/** A temporary local failure (connection refused, timeout, DNS trouble) with its RFC 3463 status. */
export function localDeferral(status: string, detail: string, remoteMta: string | null = null): Verdict {
  return { result: 'deferred', status, detail, fromRemote: false, remoteMta };
}

/** A permanent local failure (no such domain, null MX). */
export function localFailure(status: string, detail: string, remoteMta: string | null = null): Verdict {
  return { result: 'failed', status, detail, fromRemote: false, remoteMta };
}

interface SmtpError {
  code?: string; originalCode?: string; library?: string; response?: string; responseCode?: number; command?: string; message?: string;
  rejectedErrors?: SendResult['rejectedErrors'];
}

/** True when the failure happened before the envelope (connect, greeting, EHLO, STARTTLS, AUTH): another MX may do better. */
export function failedBeforeEnvelope(err: unknown): boolean {
  const command = (err as SmtpError).command ?? 'CONN';
  return !['MAIL FROM', 'RCPT TO', 'DATA'].includes(command);
}

/**
 * The verdict on a whole transaction that nodemailer rejected with `err`. A TLS problem is a "TLS level mismatch"
 * deferral (4.7.4 / 4.7.5, see TlsFailure) naming the reason; it fails for good only when the message expires.
 */
export function verdictOfError(err: unknown, policy: TlsPolicy, remoteMta: string): Verdict {
  const e = err as SmtpError;
  const message = e.message ?? String(err);
  if (err instanceof NextHopRefusal) return localFailure(err.status, err.message, remoteMta);
  // Checked before the reply: a refresh that failed after the next hop refused a cached token still waits for the endpoint.
  if (err instanceof OAuth2TokenError) return localDeferral(err.status, err.reason, remoteMta);
  const tls = tlsFailureOf(err);
  if (tls && failedBeforeEnvelope(err)) return localDeferral(tls.status, `TLS level mismatch (tls_policy ${policy}): ${tls.reason}`, remoteMta);
  if (e.response && e.responseCode) return verdictOfReply(e.response, remoteMta);
  const refused = /ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH/.test(message) || e.code === 'ETIMEDOUT';
  return localDeferral(refused ? '4.4.1' : '4.4.2', `${e.code ?? 'ERROR'}: ${message}`, remoteMta);
}

/** Per-recipient verdicts for a transaction: accepted ones delivered, rejected ones by their RCPT reply. */
export function outcomesOfSend(recipients: string[], sent: SendResult, remoteMta: string): RecipientOutcome[] {
  const accepted = new Set(sent.accepted.map((a) => a.toLowerCase()));
  const rejected = new Map(sent.rejectedErrors.map((r) => [(r.recipient ?? '').toLowerCase(), r.response ?? '']));
  return recipients.map((address) => {
    const key = address.toLowerCase();
    if (accepted.has(key)) return { address, ...verdictOfReply(sent.response, remoteMta) };
    const reply = rejected.get(key);
    return { address, ...(reply ? verdictOfReply(reply, remoteMta) : localDeferral('4.0.0', 'no reply for this recipient', remoteMta)) };
  });
}

/** Per-recipient verdicts for a failed transaction: RCPT replies where the server gave them, else the error's verdict. */
export function outcomesOfError(recipients: string[], err: unknown, policy: TlsPolicy, remoteMta: string): RecipientOutcome[] {
  const rejected = new Map(((err as SmtpError).rejectedErrors ?? []).map((r) => [(r.recipient ?? '').toLowerCase(), r.response ?? '']));
  const whole = verdictOfError(err, policy, remoteMta);
  return recipients.map((address) => {
    const reply = rejected.get(address.toLowerCase());
    return { address, ...(reply ? verdictOfReply(reply, remoteMta) : whole) };
  });
}
