// Forward-confirmed reverse DNS of a client address, bounded by a timeout.
import type { promises as dns } from 'node:dns';
import { isIPv6 } from 'node:net';
import { parseIp } from '@relayform/schema/ip-address.ts';

/** The resolver calls the data plane makes; node's dns.promises.Resolver fits (tests point it at fake DNS). */
export type DnsResolver = Pick<dns.Resolver, 'reverse' | 'resolve4' | 'resolve6'>;

/**
 * The client's host name when a PTR name resolves back (A/AAAA) to the same address, else
 * null; never throws. Forward confirmation stops a client's own PTR record from claiming
 * someone else's domain. Gives up after `timeoutMs`.
 */
export async function confirmedHostname(resolver: DnsResolver, ip: string, timeoutMs: number): Promise<string | null> {
  const client = parseIp(ip);
  if (!client) return null;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), timeoutMs); });
  try {
    return await Promise.race([lookup(resolver, ip, client.value), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function lookup(resolver: DnsResolver, address: string, value: bigint): Promise<string | null> {
  const names = await resolver.reverse(address).catch(() => [] as string[]);
  for (const name of names.slice(0, 3)) {
    const forward = await (isIPv6(address) ? resolver.resolve6(name) : resolver.resolve4(name)).catch(() => [] as string[]);
    if (forward.some((ip) => parseIp(ip)?.value === value)) return name.toLowerCase().replace(/\.$/, '');
  }
  return null;
}
