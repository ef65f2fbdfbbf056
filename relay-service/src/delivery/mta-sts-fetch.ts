// Fetches a domain's MTA-STS policy file over HTTPS as RFC 8461 section 3.3 asks: verified certificate, no redirects, 200 only, bounded size and time.
import type { LookupAddress, LookupOptions } from 'node:dns';
import { get, type RequestOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { rootCertificates } from 'node:tls';
import type { DnsLookup } from './mx-resolver.ts';

/** RFC 8461 3.3: senders should refuse policy bodies larger than 64 KiB. */
export const policyMaxBytes = 64 * 1024;

/** The address lookups the fetch needs, of the relay's own DNS resolver (the one MX lookups use). */
export type AddressLookup = Pick<DnsLookup, 'resolve4' | 'resolve6'>;

export interface PolicyFetchOptions {
  dns: AddressLookup;
  /** 443 in production; tests use their HTTPS server's port. */
  port: number;
  timeoutMs: number;
  /** Trusted besides the system roots (the route's tls_ca_pem). */
  caPem: string | null;
}

/** Why no policy came back; `result` is its smtp_outbound_tls_total label. */
export class PolicyFetchError extends Error {
  constructor(message: string, readonly result: 'policy_fetch_failed' | 'policy_invalid' = 'policy_fetch_failed') {
    super(message);
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for node:https that asks `dns` (IPv4 first, then IPv6) instead of the system resolver. */
function lookupThrough(dns: AddressLookup) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    void Promise.allSettled([dns.resolve4(hostname), dns.resolve6(hostname)]).then(([v4, v6]) => {
      const found: LookupAddress[] = [
        ...(v4.status === 'fulfilled' ? v4.value.map((address) => ({ address, family: 4 })) : []),
        ...(v6.status === 'fulfilled' ? v6.value.map((address) => ({ address, family: 6 })) : []),
      ];
      if (found.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      if (options.all) return callback(null, found);
      callback(null, found[0].address, found[0].family);
    });
  };
}

/**
 * GETs https://mta-sts.<domain>/.well-known/mta-sts.txt and resolves with its body. Rejects with a PolicyFetchError
 * when the certificate does not chain to a system root or `caPem` or does not name mta-sts.<domain>, on any status
 * but 200 (a redirect is not followed), a media type other than text/plain, a body over 64 KiB, or after `timeoutMs`.
 */
export function fetchPolicyText(domain: string, options: PolicyFetchOptions): Promise<string> {
  const host = `mta-sts.${domain}`;
  const url = `https://${host}/.well-known/mta-sts.txt`;
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => reject(new PolicyFetchError(`${url}: ${reason}`));
    const request: RequestOptions = {
      host, servername: host, port: options.port, path: '/.well-known/mta-sts.txt', agent: false, minVersion: 'TLSv1.2',
      lookup: lookupThrough(options.dns), headers: { accept: 'text/plain' },
      ...(options.caPem ? { ca: [...rootCertificates, options.caPem] } : {}),
    };
    const req = get(request, (response) => readBody(response, (err, body) => (err ? fail(err) : resolve(body))));
    const timer = setTimeout(() => req.destroy(Object.assign(new Error(`no complete answer within ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' })), options.timeoutMs);
    req.once('close', () => clearTimeout(timer));
    req.once('error', (err: NodeJS.ErrnoException) => fail(err.code ? `${err.code}: ${err.message}` : err.message));
  });
}

/** Reads a policy response: 200, text/plain, at most policyMaxBytes; answers with the reason otherwise. */
function readBody(response: IncomingMessage, done: (reason: string | null, body: string) => void): void {
  const status = response.statusCode ?? 0;
  const type = (response.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const refuse = (reason: string) => {
    response.destroy();
    done(reason, '');
  };
  if (status !== 200) return refuse(`HTTP ${status}${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}`);
  if (type !== 'text/plain') return refuse(`media type "${type}", not text/plain`);
  if (Number(response.headers['content-length'] ?? 0) > policyMaxBytes) return refuse(`larger than ${policyMaxBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  response.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > policyMaxBytes) return refuse(`larger than ${policyMaxBytes} bytes`);
    chunks.push(chunk);
  });
  response.once('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
  response.once('error', (err) => done(err.message, ''));
}
