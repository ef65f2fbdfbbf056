// Applies a recipient domain's MTA-STS policy to its mail exchangers: which of them to try, and the TLS each session must have.
import type { Logger } from '../logger.ts';
import type { MailExchanger } from './mx-resolver.ts';
import { countMxMismatch } from './mta-sts-metrics.ts';
import { mxAllowed } from './mta-sts-policy.ts';
import type { MtaStsResolver } from './mta-sts.ts';
import type { TlsRequirements } from './peer-verification.ts';
import type { Destination } from './transport-pool.ts';

/** Delivery to the domain must wait: its enforce policy lists none of its MX hosts. */
export class MtaStsRefusal extends Error {
  /**
   * RFC 3463 4.7.0, other or undefined security status: DNS found the MX hosts (so not 4.4.x, a routing problem) and
   * the domain's security policy forbids every one of them before any TLS is tried (so not 4.7.4 / 4.7.5, which name a
   * session's TLS failure). Temporary: the policy or the MX records may be fixed, or the MX answer was forged; at
   * expiry the report says 5.7.0 with this reason.
   */
  readonly status = '4.7.0';
}

const opportunistic: TlsRequirements = { policy: 'opportunistic', caPem: null, fingerprints: [] };

/**
 * The destinations of an mta_sts route to `domain` (MX delivery). enforce: the MX hosts the policy's mx patterns
 * match, each with verify (chain to a system root or `tls.caPem`, certificate for the MX host name, no clear-text
 * retry), or MtaStsRefusal when none matches. testing: every MX host, opportunistic, with what verify would have
 * said counted per session. Mode none, no policy, or an address literal: opportunistic.
 */
export async function mtaStsDestinations(resolver: Pick<MtaStsResolver, 'policyFor'>, domain: string, exchangers: MailExchanger[], tls: TlsRequirements,
  logger: Logger): Promise<Destination[]> {
  if (domain.startsWith('[')) return exchangers.map((mx) => ({ ...mx, tls: opportunistic }));
  const { policy, id, fetchError } = await resolver.policyFor(domain, tls.caPem);
  if (fetchError) {
    logger.warn({ domain, policy_id: id, error: fetchError }, policy ? 'MTA-STS policy fetch failed, the cached policy stays in force' : 'MTA-STS policy fetch failed, no policy applies');
  }
  if (!policy || policy.mode === 'none') return exchangers.map((mx) => ({ ...mx, tls: opportunistic }));
  const withPolicy = (mode: 'enforce' | 'testing', mx: MailExchanger): Destination => ({
    ...mx, tls: { policy: mode === 'enforce' ? 'verify' : 'opportunistic', caPem: tls.caPem, fingerprints: [], mtaSts: { mode, mxMatch: mxAllowed(policy, mx.host) } },
  });
  if (policy.mode === 'testing') return exchangers.map((mx) => withPolicy('testing', mx));
  const allowed = exchangers.filter((mx) => mxAllowed(policy, mx.host));
  const refused = [...new Set(exchangers.filter((mx) => !allowed.includes(mx)).map((mx) => mx.host))];
  countMxMismatch(refused.length);
  if (allowed.length === 0) {
    throw new MtaStsRefusal(`MTA-STS policy of ${domain} (mode enforce, id ${id}) allows none of its MX hosts: ${refused.join(', ')} not matched by mx ${policy.mx.join(', ')}`);
  }
  return allowed.map((mx) => withPolicy('enforce', mx));
}
