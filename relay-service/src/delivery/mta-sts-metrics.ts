// What smtp_outbound_tls_total counts for routes with tls_policy mta_sts (the outcomes TLS-RPT, RFC 8460, would report).
import type { Logger } from '../logger.ts';
import { outboundTlsTotal } from './delivery-metrics.ts';
import type { SessionReport } from './destination-pool.ts';
import { tlsFailureOf } from './tls-failure.ts';

/** The MTA-STS policy a session applies: its mode, and whether the MX host is one of the policy's mx patterns. */
export interface MtaStsSession {
  mode: 'enforce' | 'testing';
  mxMatch: boolean;
}

/** A policy fetch that found no usable policy: `policy_fetch_failed` (HTTPS, status, size, time) or `policy_invalid` (malformed). */
export function countPolicyProblem(result: 'policy_fetch_failed' | 'policy_invalid'): void {
  outboundTlsTotal.inc({ policy: 'mta_sts', result });
}

/** MX hosts an enforce policy does not list and that were therefore not contacted, per delivery attempt. */
export function countMxMismatch(hosts: number): void {
  if (hosts > 0) outboundTlsTotal.inc({ policy: 'mta_sts', result: 'mx_mismatch' }, hosts);
}

/**
 * The smtp_outbound_tls_total result of one session under a policy; `result` is what the session counts as on its own.
 * Under enforce the session ran with verify, so that is its outcome (verified, certificate_invalid, starttls_missing,
 * handshake_failed, connection_failed). Under testing it ran as opportunistic: `testing_verified` when verify would
 * have accepted it, else `would_fail_<why>` (mx_mismatch, certificate_invalid, handshake_failed, plaintext), although
 * the mail went.
 */
export function mtaStsSessionResult(session: MtaStsSession, result: string, report: SessionReport): string {
  if (session.mode === 'enforce' || result === 'connection_failed') return result;
  if (!session.mxMatch) return 'would_fail_mx_mismatch';
  if ('error' in report) return `would_fail_${result}`;
  if (!report.secure) return 'would_fail_plaintext';
  return report.authorizationError ? 'would_fail_certificate_invalid' : 'testing_verified';
}

/** Counts one session under an MTA-STS policy; a testing session that enforce would have refused is also logged with its reason. */
export function countMtaStsSession(session: MtaStsSession, result: string, report: SessionReport, remote: string, logger?: Logger): void {
  const stsResult = mtaStsSessionResult(session, result, report);
  outboundTlsTotal.inc({ policy: 'mta_sts', result: stsResult });
  if (!stsResult.startsWith('would_fail_')) return;
  const reason = 'error' in report ? tlsFailureOf(report.error)?.reason ?? null : report.authorizationError ?? null;
  logger?.warn({ remote, result: stsResult, reason }, 'MTA-STS testing: enforce would have refused this session; the mail goes on');
}
