// MTA-STS policy discovery (RFC 8461 sections 3 and 5.1): the _mta-sts TXT id, the HTTPS fetch, and a per-process cache until max_age.
import { Resolver } from 'node:dns/promises';
import { fetchPolicyText, PolicyFetchError, type AddressLookup } from './mta-sts-fetch.ts';
import { parsePolicy, stsRecordId, type MtaStsPolicy } from './mta-sts-policy.ts';
import { countPolicyProblem } from './mta-sts-metrics.ts';

/** The DNS lookups discovery needs; node's Resolver has them, tests point one at a fake DNS on loopback. */
export interface StsDns extends AddressLookup {
  resolveTxt(name: string): Promise<string[][]>;
}

/** What applies to a recipient domain now. */
export interface PolicyLookup {
  /** The policy in force, or null: no TXT record (or no valid one) and nothing cached, or a failed fetch with nothing cached. */
  policy: MtaStsPolicy | null;
  /** The policy's id (from the TXT record it was fetched for), or null. */
  id: string | null;
  /** Why the fetch needed this time failed ("HTTP 404", a certificate error, ...); null when none was needed or it worked. */
  fetchError: string | null;
}

interface CachedPolicy {
  policy: MtaStsPolicy;
  id: string;
  expiresAt: number;
}

export interface MtaStsResolverOptions {
  /** The policy host's HTTPS port: 443 (tests use their server's). */
  port?: number;
  /** Bound on one policy fetch (default 10 s). */
  fetchTimeoutMs?: number;
  now?: () => number;
}

/**
 * Finds the MTA-STS policy of recipient domains through the relay's DNS resolver. Policies are cached in memory (per
 * process, not shared between nodes or kept across restarts) until their max_age runs out; the TXT record is asked
 * on every lookup, and a changed id fetches the policy again. When the fetch fails or the TXT record is gone, an
 * unexpired cached policy stays in force (RFC 8461 5.1), so an attacker who blocks the fetch cannot downgrade it.
 */
export class MtaStsResolver {
  private readonly cache = new Map<string, CachedPolicy>();
  private readonly running = new Map<string, Promise<PolicyLookup>>();

  constructor(private readonly dns: StsDns = new Resolver({ timeout: 5_000, tries: 2 }), private readonly options: MtaStsResolverOptions = {}) {}

  /**
   * The policy for `domain` (an A-label domain name), fetched with `caPem` trusted besides the system roots. Never
   * throws. Lookups for the same domain and trust that overlap share one discovery.
   */
  policyFor(domain: string, caPem: string | null): Promise<PolicyLookup> {
    // Cached per trust: a policy fetched trusting one route's tls_ca_pem is not shown to a route that does not trust it.
    const key = `${domain.toLowerCase()}\n${caPem ?? ''}`;
    const pending = this.running.get(key);
    if (pending) return pending;
    const lookup = this.discover(domain, caPem, key).finally(() => this.running.delete(key));
    this.running.set(key, lookup);
    return lookup;
  }

  private async discover(domain: string, caPem: string | null, key: string): Promise<PolicyLookup> {
    const id = await this.recordId(domain);
    const now = this.options.now?.() ?? Date.now();
    const cached = this.cache.get(key);
    const current = cached && cached.expiresAt > now ? cached : null;
    if (cached && !current) this.cache.delete(key);
    if (current && (id === null || id === current.id)) return { policy: current.policy, id: current.id, fetchError: null };
    if (id === null) return { policy: null, id: null, fetchError: null };
    try {
      const policy = parsePolicy(await fetchPolicyText(domain, {
        dns: this.dns, port: this.options.port ?? 443, timeoutMs: this.options.fetchTimeoutMs ?? 10_000, caPem,
      }));
      if (!policy) throw new PolicyFetchError(`the policy of ${domain} (id ${id}) is malformed`, 'policy_invalid');
      this.cache.set(key, { policy, id, expiresAt: now + policy.maxAge * 1000 });
      return { policy, id, fetchError: null };
    } catch (err) {
      const failure = err instanceof PolicyFetchError ? err : new PolicyFetchError((err as Error).message ?? String(err));
      countPolicyProblem(failure.result);
      return { policy: current?.policy ?? null, id: current?.id ?? null, fetchError: failure.message };
    }
  }

  /** The id of the domain's one valid STS record; null when there is none or the lookup failed (RFC 8461 5.1: then cached policies apply). */
  private async recordId(domain: string): Promise<string | null> {
    try {
      return stsRecordId(await this.dns.resolveTxt(`_mta-sts.${domain}`));
    } catch {
      return null;
    }
  }
}
