// Finds a domain's MX hosts (or a smart host's addresses) through the DNSSEC-aware lookup and decides each host's DANE TLS level from the security of its MX, address and TLSA answers (RFC 7672 2.2).
import type { MxRecord } from 'node:dns';
import { isIP, isIPv6 } from 'node:net';
import type { DaneHostPolicy } from './dane-policy.ts';
import { DnssecLookup, type DnssecAnswer, type QueryType, type RecordData } from './dnssec-lookup.ts';
import { MxResolver, type DnsLookup, type MailExchanger } from './mx-resolver.ts';
import { usableForSmtp } from './tlsa-match.ts';

/** An MX host to try and its DANE level. */
export interface DaneExchanger extends MailExchanger {
  dane: DaneHostPolicy;
}

/** node:dns's error codes for rcodes, so MxResolver tells "no such record" from "DNS is failing" as it does for node's resolver. */
const errorCodes: Record<string, string> = { NXDOMAIN: 'ENOTFOUND', SERVFAIL: 'ESERVFAIL', REFUSED: 'EREFUSED', FORMERR: 'EFORMERR', NOTIMP: 'ENOTIMP' };

/**
 * MxResolver's DnsLookup over DnssecLookup for the lookups of one delivery: answers as node:dns would (no records is
 * an ENODATA / ENOTFOUND error) and remembers which answers (records or denials) the resolver authenticated.
 */
class RecordingLookup implements DnsLookup {
  private readonly secure = new Map<string, boolean>();

  constructor(private readonly lookup: DnssecLookup) {}

  /** True when the answer to `type name` was looked up and authenticated. */
  authenticated(type: QueryType, name: string): boolean {
    return this.secure.get(`${type} ${name.toLowerCase()}`) === true;
  }

  async resolveMx(domain: string): Promise<MxRecord[]> {
    return (await this.records(domain, 'MX')).map((r) => ({ priority: r.preference, exchange: r.exchange }));
  }

  resolve4(host: string): Promise<string[]> {
    return this.records(host, 'A');
  }

  resolve6(host: string): Promise<string[]> {
    return this.records(host, 'AAAA');
  }

  private async records<T extends QueryType>(name: string, type: T): Promise<Array<RecordData[T]>> {
    const answer: DnssecAnswer<RecordData[T]> = await this.lookup.query(name, type);
    this.secure.set(`${type} ${name.toLowerCase()}`, answer.authenticated && (answer.rcode === 'NOERROR' || answer.rcode === 'NXDOMAIN'));
    if (answer.rcode !== 'NOERROR') throw Object.assign(new Error(`${type} ${name}: ${answer.rcode}`), { code: errorCodes[answer.rcode] ?? 'EBADRESP' });
    if (answer.records.length === 0) throw Object.assign(new Error(`${type} ${name}: no records`), { code: 'ENODATA' });
    return answer.records;
  }
}

/**
 * Resolves MX delivery under tls_policy dane. `port` is 25 in production (TLSA at `_25._tcp.<mx host>`); tests use
 * their listeners' port, as for MxResolver. Only the AD bit of the configured resolver says an answer is secure, so the
 * relay must use a local validating resolver (unbound) for DANE to mean anything.
 */
export class DaneResolver {
  constructor(private readonly lookup: DnssecLookup = new DnssecLookup(), private readonly port = 25) {}

  /**
   * The exchangers of `domain` in MxResolver's order, each with its DANE level. Host names are reference identifiers
   * only when the MX RRset (or its secure denial, for the implicit MX) is authenticated; each host also needs
   * an authenticated A or AAAA RRset for the address tried before its TLSA records count. Throws as MxResolver.exchangers does.
   */
  async exchangers(domain: string): Promise<DaneExchanger[]> {
    const recording = new RecordingLookup(this.lookup);
    const found = await new MxResolver(recording, this.port).exchangers(domain);
    return this.withLevels(found, recording, recording.authenticated('MX', domain));
  }

  /**
   * A smart host under dane (Postfix's `[host]:port` next hop): no MX step, its name is configured and so trusted; its
   * addresses and TLSA records at `_<port>._tcp.<host>` must be secure. An address literal has no TLSA records.
   * Throws as MxResolver.addresses does.
   */
  async relayHost(host: string, port: number): Promise<DaneExchanger[]> {
    if (isIP(host)) return [{ host, address: host, port, dane: { level: 'may', reason: 'no_tlsa' } }];
    const recording = new RecordingLookup(this.lookup);
    const addresses = await new MxResolver(recording, port).addresses(host);
    return this.withLevels(addresses.map((address) => ({ host, address, port })), recording, true);
  }

  /** Each exchanger with its level: an address counts when its own RRset (A or AAAA) is secure; TLSA is looked up once per host. */
  private withLevels(found: MailExchanger[], recording: RecordingLookup, namesSecure: boolean): Promise<DaneExchanger[]> {
    const secureAddress = (e: MailExchanger) => namesSecure && recording.authenticated(isIPv6(e.address) ? 'AAAA' : 'A', e.host);
    const levels = new Map<string, Promise<DaneHostPolicy>>();
    for (const e of found.filter(secureAddress)) {
      if (!levels.has(e.host)) levels.set(e.host, this.tlsaLevel(e.host, e.port));
    }
    const insecure: DaneHostPolicy = { level: 'may', reason: 'dnssec_insecure' };
    return Promise.all(found.map(async (e) => ({ ...e, dane: secureAddress(e) ? await levels.get(e.host)! : insecure })));
  }

  /** The DANE level the TLSA RRset at `_<port>._tcp.<host>` gives a host whose name and address records are secure. */
  private async tlsaLevel(host: string, port: number): Promise<DaneHostPolicy> {
    const name = `_${port}._tcp.${host}`;
    let answer: DnssecAnswer<RecordData['TLSA']>;
    try {
      answer = await this.lookup.query(name, 'TLSA');
    } catch (err) {
      return { level: 'defer', reason: `TLSA lookup for ${name} failed: ${(err as Error).message}` };
    }
    if (answer.rcode !== 'NOERROR' && answer.rcode !== 'NXDOMAIN') return { level: 'defer', reason: `TLSA lookup for ${name} failed (${answer.rcode})` };
    if (!answer.authenticated) return { level: 'may', reason: 'dnssec_insecure' };
    if (answer.records.length === 0) return { level: 'may', reason: 'no_tlsa' };
    const usable = answer.records.map((r) => ({ usage: r.usage, selector: r.selector, matchingType: r.matchingType, data: r.certificate })).filter(usableForSmtp);
    return usable.length > 0 ? { level: 'dane', records: usable } : { level: 'encrypt', reason: 'tlsa_unusable' };
  }
}
