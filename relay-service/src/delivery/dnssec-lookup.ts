// A DNSSEC-aware stub resolver on dns-packet: asks the configured recursive resolver and reports whether it authenticated the answer (AD bit).
import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { getServers } from 'node:dns';
import { isIPv6, Socket } from 'node:net';
import dnsPacket, { type Answer, type DecodedPacket, type TlsaData } from 'dns-packet';

/** The record data each supported query type yields. */
export interface RecordData {
  A: string;
  AAAA: string;
  MX: { preference: number; exchange: string };
  TLSA: TlsaData;
}
export type QueryType = keyof RecordData;

/** A resolver's answer: its rcode, whether it validated it (the AD bit), and the records of the asked type (CNAMEs followed by the resolver). */
export interface DnssecAnswer<T> {
  rcode: string;
  authenticated: boolean;
  records: T[];
}

/** No usable answer from any server (timeout, network error, malformed reply); `code` as node:dns names it (ETIMEOUT, ECONNREFUSED, EBADRESP). */
export class DnsQueryError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
  }
}

interface Server { host: string; port: number }

/** Parses node:dns server notation: `1.2.3.4`, `1.2.3.4:53`, `::1`, `[::1]:53`. */
export function parseServer(server: string): Server {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
  if (bracketed) return { host: bracketed[1], port: Number(bracketed[2] ?? 53) };
  if (isIPv6(server)) return { host: server, port: 53 };
  const [host, port] = server.split(':');
  return { host, port: Number(port ?? 53) };
}

/**
 * Sends each query with RD and AD set (RFC 6840 5.7: a validating resolver then says whether it validated the answer)
 * and EDNS0 (1232-byte UDP payload) to the servers in turn, over UDP and again over TCP when the reply is truncated.
 * Each exchange is bounded by `timeoutMs`. Trusting the AD bit is only sound when the resolver is a local validating
 * one (e.g. unbound on 127.0.0.1): the path to it is not protected.
 */
export class DnssecLookup {
  private readonly servers: Server[];

  constructor(servers: string[] = getServers(), private readonly timeoutMs = 2_000) {
    this.servers = servers.map(parseServer);
  }

  /** Resolves with the first answer that is not SERVFAIL (else the last SERVFAIL); rejects with DnsQueryError when no server answered. */
  async query<T extends QueryType>(name: string, type: T): Promise<DnssecAnswer<RecordData[T]>> {
    let last: DecodedPacket | null = null;
    let lastError: unknown = null;
    for (const server of this.servers) {
      try {
        last = await this.exchange(server, name, type);
        if (rcodeOf(last) !== 'SERVFAIL') break;
      } catch (err) {
        lastError = err;
      }
    }
    if (!last) throw lastError instanceof DnsQueryError ? lastError : new DnsQueryError(`${type} ${name}: ${(lastError as Error)?.message ?? 'no DNS server'}`, 'ECONNREFUSED');
    const records = (last.answers ?? []).filter((a: Answer) => a.type === type).map((a) => (a as unknown as { data: RecordData[T] }).data);
    return { rcode: rcodeOf(last), authenticated: last.flag_ad === true, records };
  }

  private async exchange(server: Server, name: string, type: QueryType): Promise<DecodedPacket> {
    const id = randomInt(0, 65_536);
    const query = dnsPacket.encode({
      type: 'query', id, flags: dnsPacket.RECURSION_DESIRED | dnsPacket.AUTHENTIC_DATA,
      questions: [{ type, name, class: 'IN' }],
      additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }],
    });
    const udp = checkReply(await this.overUdp(server, query, id), id, name, type);
    return udp.flag_tc ? checkReply(await this.overTcp(server, query), id, name, type) : udp;
  }

  private overUdp(server: Server, query: Buffer, id: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const socket = createSocket(isIPv6(server.host) ? 'udp6' : 'udp4');
      const timer = setTimeout(() => done(new DnsQueryError(`no reply from ${server.host}:${server.port} within ${this.timeoutMs} ms`, 'ETIMEOUT')), this.timeoutMs);
      const done = (err: Error | null, reply?: Buffer) => {
        clearTimeout(timer);
        socket.close();
        if (err) reject(err);
        else resolve(reply!);
      };
      socket.on('error', (err) => done(err));
      // Replies with another id are someone else's (or spoofed): keep waiting for ours.
      socket.on('message', (reply) => (reply.length >= 2 && reply.readUInt16BE(0) === id ? done(null, reply) : undefined));
      socket.send(query, server.port, server.host, (err) => (err ? done(err) : undefined));
    });
  }

  private overTcp(server: Server, query: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const socket = new Socket();
      let received = Buffer.alloc(0);
      const timer = setTimeout(() => done(new DnsQueryError(`no TCP reply from ${server.host}:${server.port} within ${this.timeoutMs} ms`, 'ETIMEOUT')), this.timeoutMs);
      const done = (err: Error | null, reply?: Buffer) => {
        clearTimeout(timer);
        socket.destroy();
        if (err) reject(err);
        else resolve(reply!);
      };
      socket.on('error', (err) => done(err));
      socket.on('data', (chunk) => {
        received = Buffer.concat([received, chunk]);
        if (received.length >= 2 && received.length >= 2 + received.readUInt16BE(0)) done(null, received.subarray(2, 2 + received.readUInt16BE(0)));
      });
      socket.on('end', () => done(new DnsQueryError(`${server.host}:${server.port} closed the TCP connection without a reply`, 'EBADRESP')));
      socket.connect(server.port, server.host, () => socket.write(Buffer.concat([lengthPrefix(query.length), query])));
    });
  }
}

/** dns-packet decodes the header's rcode as a name (NOERROR, NXDOMAIN, SERVFAIL, ...); its typings leave it out. */
function rcodeOf(reply: DecodedPacket): string {
  return (reply as DecodedPacket & { rcode?: string }).rcode ?? 'NOERROR';
}

function lengthPrefix(length: number): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(length);
  return prefix;
}

/** Decodes a reply and checks it answers our question; a reply that does not is an error, not an answer. */
function checkReply(reply: Buffer, id: number, name: string, type: QueryType): DecodedPacket {
  let decoded: DecodedPacket;
  try {
    decoded = dnsPacket.decode(reply);
  } catch (err) {
    throw new DnsQueryError(`malformed DNS reply for ${type} ${name}: ${(err as Error).message}`, 'EBADRESP');
  }
  const question = decoded.questions?.[0];
  if (decoded.id !== id || !question || question.type !== type || question.name.toLowerCase() !== name.toLowerCase().replace(/\.$/, '')) {
    throw new DnsQueryError(`DNS reply does not match the query ${type} ${name}`, 'EBADRESP');
  }
  return decoded;
}
