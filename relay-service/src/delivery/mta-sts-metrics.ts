// What smtp_outbound_tls_total counts for routes with tls_policy mta_sts (the outcomes TLS-RPT, RFC 8460, would report).
import { outboundTlsTotal } from './delivery-metrics.ts';

/** A policy fetch that found no usable policy: `policy_fetch_failed` (HTTPS, status, size, time) or `policy_invalid` (malformed). */
export function countPolicyProblem(result: 'policy_fetch_failed' | 'policy_invalid'): void {
  outboundTlsTotal.inc({ policy: 'mta_sts', result });
}
