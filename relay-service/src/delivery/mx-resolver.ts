// Finds the mail exchangers of a domain: MX records by preference, else the domain's own address (RFC 5321 5.1).
import { Resolver } from 'node:dns/promises';
import type { MxRecord } from 'node:dns';

/** The part of node's DNS resolver this module uses; tests hand in a Resolver pointed at a fake DNS on loopback. */
export interface DnsLookup {
  resolveMx(domain: string): Promise<MxRecord[]>;
  resolve4(host: string): Promise<string[]>;
  resolve6(host: string): Promise<string[]>;
}

/** One host to try: its name (for TLS SNI and logs) and an address to connect to. */
export interface MailExchanger {
  host: string;
  address: string;
  port: number;
}

/** A DNS answer that settles delivery to the domain for good (no such domain, or a null MX per RFC 7505). */
export class PermanentDnsError extends Error {
  /** RFC 3463 status: 5.1.10 for a null MX (RFC 7505), 5.1.2 for a domain without any mail host. */
  constructor(message: string, readonly status: string) {
    super(message);
  }
}

/** Answers that mean "no such record" rather than "DNS is failing right now". */
const noRecordCodes = new Set(['ENODATA', 'ENOTFOUND']);

/**
 * Resolves mail exchangers through an injectable DNS resolver. `port` is 25 in production; tests set the
 * port of their sink because MX records cannot carry one.
 */
export class MxResolver {
  constructor(private readonly dns: DnsLookup = new Resolver({ timeout: 5_000, tries: 2 }), private readonly port = 25) {}

  /**
   * The exchangers in the order to try them (lowest preference first, each MX host's addresses in turn);
   * an address literal (`[192.0.2.1]`) is its own single exchanger.
   * Throws PermanentDnsError when the domain does not exist or publishes a null MX; other errors are temporary.
   */
  async exchangers(domain: string): Promise<MailExchanger[]> {
    const literal = /^\[(?:ipv6:)?([^\]]+)\]$/i.exec(domain);
    if (literal) return [{ host: literal[1], address: literal[1], port: this.port }];
    let records: MxRecord[];
    try {
      records = await this.dns.resolveMx(domain);
    } catch (err) {
      if (!noRecordCodes.has(codeOf(err))) throw err;
      records = [];
    }
    if (records.length === 1 && (records[0].exchange === '' || records[0].exchange === '.')) {
      throw new PermanentDnsError(`${domain} accepts no mail (null MX)`, '5.1.10');
    }
    const hosts = records.length > 0
      ? [...records].sort((a, b) => a.priority - b.priority).map((r) => r.exchange)
      : [domain];
    const found: MailExchanger[] = [];
    let lastError: unknown = null;
    for (const host of hosts) {
      try {
        for (const address of await this.addresses(host)) found.push({ host, address, port: this.port });
      } catch (err) {
        lastError = err;
      }
    }
    if (found.length > 0) return found;
    if (records.length === 0 && noRecordCodes.has(codeOf(lastError))) throw new PermanentDnsError(`${domain}: no mail exchanger and no address`, '5.1.2');
    throw lastError ?? new Error(`${domain}: no address for any mail exchanger`);
  }

  /** IPv4 addresses first, then IPv6; throws only when neither lookup found any (a DNS failure wins over "no record"). */
  async addresses(host: string): Promise<string[]> {
    const [v4, v6] = await Promise.allSettled([this.dns.resolve4(host), this.dns.resolve6(host)]);
    const found = [...(v4.status === 'fulfilled' ? v4.value : []), ...(v6.status === 'fulfilled' ? v6.value : [])];
    if (found.length > 0) return found;
    const errors = [v4, v6].flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    throw errors.find((e) => !noRecordCodes.has(codeOf(e))) ?? errors[0] ?? Object.assign(new Error(`${host} has no address`), { code: 'ENODATA' });
  }
}

function codeOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
}
