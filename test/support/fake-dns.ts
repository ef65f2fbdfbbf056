// A tiny authoritative DNS responder on loopback UDP for tests: answers PTR, A, AAAA, MX and TXT from a table (RFC 1035 wire format).
import { createSocket, type RemoteInfo } from 'node:dgram';
import { parseIp } from '@relayform/schema/ip-address.ts';

/** Records served; change them at any time, the next query sees the change. */
export interface DnsTable {
  /** IP address -> host name (served as PTR of the in-addr.arpa / ip6.arpa name). */
  ptr?: Record<string, string>;
  a?: Record<string, string[]>;
  aaaa?: Record<string, string[]>;
  mx?: Record<string, Array<{ priority: number; exchange: string }>>;
  /** Name -> TXT records; a record is one string, or its character-strings (a string over 255 bytes is split in 255-byte pieces). */
  txt?: Record<string, Array<string | string[]>>;
}

export interface FakeDns {
  /** `127.0.0.1:port`, for Resolver#setServers. */
  server: string;
  table: DnsTable;
  /** Questions answered so far, as `TYPE name`. */
  queries: string[];
  stop(): Promise<void>;
}

const TYPE = { A: 1, PTR: 12, MX: 15, TXT: 16, AAAA: 28 } as const;

/** Starts the responder on 127.0.0.1 with an OS-chosen port. Unknown names get NXDOMAIN. */
export async function startFakeDns(table: DnsTable = {}): Promise<FakeDns> {
  const socket = createSocket('udp4');
  const dns: FakeDns = { server: '', table, queries: [], stop: () => new Promise((r) => socket.close(() => r())) };
  socket.on('message', (query: Buffer, peer: RemoteInfo) => {
    const reply = answer(query, dns);
    if (reply) socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  dns.server = `127.0.0.1:${socket.address().port}`;
  return dns;
}

function answer(query: Buffer, dns: FakeDns): Buffer | null {
  if (query.length < 17 || query.readUInt16BE(4) !== 1) return null;
  const { name, end } = readName(query, 12);
  const type = query.readUInt16BE(end);
  const question = query.subarray(12, end + 4);
  const typeName = Object.entries(TYPE).find(([, v]) => v === type)?.[0] ?? String(type);
  dns.queries.push(`${typeName} ${name}`);
  const rdatas = records(dns.table, type, name.toLowerCase());
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  // QR=1, opcode copied, AA=1, RD copied; RCODE 3 (NXDOMAIN) when nothing is known.
  header.writeUInt16BE(0x8400 | (query.readUInt16BE(2) & 0x7900) | (rdatas === null ? 3 : 0), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(rdatas?.length ?? 0, 6);
  const answers = (rdatas ?? []).map((rdata) => {
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0); // pointer to the question's name
    rr.writeUInt16BE(type, 2);
    rr.writeUInt16BE(1, 4); // class IN
    rr.writeUInt32BE(60, 6);
    rr.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([rr, rdata]);
  });
  return Buffer.concat([header, question, ...answers]);
}

/** RDATA of every record of `type` at `name`; null when the name is unknown for every type. */
function records(table: DnsTable, type: number, name: string): Buffer[] | null {
  const ptr = Object.entries(table.ptr ?? {}).filter(([ip]) => reverseName(ip) === name).map(([, host]) => encodeName(host));
  const a = table.a?.[name]?.map((ip) => Buffer.from(ip.split('.').map(Number)));
  const aaaa = table.aaaa?.[name]?.map((ip) => ipv6Bytes(ip));
  const mx = table.mx?.[name]?.map((m) => Buffer.concat([Buffer.from([m.priority >> 8, m.priority & 0xff]), encodeName(m.exchange)]));
  const txt = table.txt?.[name]?.map((record) => txtRdata(typeof record === 'string' ? [record] : record));
  if (!ptr.length && !a && !aaaa && !mx && !txt) return null;
  return { [TYPE.PTR]: ptr, [TYPE.A]: a, [TYPE.AAAA]: aaaa, [TYPE.MX]: mx, [TYPE.TXT]: txt }[type] ?? [];
}

/** TXT RDATA: each string as length-prefixed character-strings of at most 255 bytes. */
function txtRdata(strings: string[]): Buffer {
  const pieces = strings.flatMap((text) => {
    const bytes = Buffer.from(text, 'utf8');
    const chunks: Buffer[] = [];
    for (let at = 0; at < bytes.length || chunks.length === 0; at += 255) chunks.push(bytes.subarray(at, at + 255));
    return chunks.map((chunk) => Buffer.concat([Buffer.from([chunk.length]), chunk]));
  });
  return Buffer.concat(pieces);
}

function readName(buf: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let at = offset;
  while (buf[at] !== 0) {
    labels.push(buf.subarray(at + 1, at + 1 + buf[at]).toString('ascii'));
    at += buf[at] + 1;
  }
  return { name: labels.join('.'), end: at + 1 };
}

function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'ascii')]));
  return Buffer.concat([...labels, Buffer.from([0])]);
}

function ipv6Bytes(ip: string): Buffer {
  const value = parseIp(ip)?.value ?? 0n;
  return Buffer.from(value.toString(16).padStart(32, '0'), 'hex');
}

function reverseName(ip: string): string {
  if (ip.includes(':')) return `${ipv6Bytes(ip).toString('hex').split('').reverse().join('.')}.ip6.arpa`;
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
}
