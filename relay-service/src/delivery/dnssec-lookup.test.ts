// The DNSSEC stub resolver against scripted DNS servers on loopback (UDP and TCP): query flags, the AD bit, rcodes, truncation, failover, timeouts.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import dnsPacket, { type Answer, type DecodedPacket } from 'dns-packet';
import { DnsQueryError, DnssecLookup, parseServer } from './dnssec-lookup.ts';

interface Reply { rcode?: string; ad?: boolean; tc?: boolean; answers?: Answer[]; id?: number; silent?: boolean }

/** A UDP (and TCP, same port) DNS server answering each query with `script(query, transport)`; records the queries. */
async function scriptedDns(t: TestContext, script: (query: DecodedPacket, transport: 'udp' | 'tcp') => Reply) {
  const queries: Array<{ query: DecodedPacket; transport: 'udp' | 'tcp' }> = [];
  const respond = (raw: Buffer, transport: 'udp' | 'tcp'): Buffer | null => {
    const query = dnsPacket.decode(raw);
    queries.push({ query, transport });
    const reply = script(query, transport);
    if (reply.silent) return null;
    const flags = (reply.ad ? dnsPacket.AUTHENTIC_DATA : 0) | (reply.tc ? dnsPacket.TRUNCATED_RESPONSE : 0) | dnsPacket.RECURSION_AVAILABLE;
    return dnsPacket.encode({ type: 'response', id: reply.id ?? query.id, flags: flags | rcodeBits(reply.rcode ?? 'NOERROR'), questions: query.questions, answers: reply.answers ?? [] });
  };
  const udp = createSocket('udp4');
  udp.on('message', (raw, peer) => {
    const out = respond(raw, 'udp');
    if (out) udp.send(out, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  const port = udp.address().port;
  const tcp = createServer((socket) => socket.once('data', (chunk) => {
    const out = respond(chunk.subarray(2), 'tcp');
    if (out) socket.end(Buffer.concat([Buffer.from([out.length >> 8, out.length & 0xff]), out]));
  }));
  await new Promise<void>((resolve) => tcp.listen(port, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => { udp.close(); tcp.close(() => resolve()); }));
  return { server: `127.0.0.1:${port}`, queries };
}

function rcodeBits(rcode: string): number {
  return ({ NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as Record<string, number>)[rcode];
}

const tlsa: Answer = { type: 'TLSA', name: '_25._tcp.mx.example.test', ttl: 60, data: { usage: 3, selector: 1, matchingType: 1, certificate: Buffer.alloc(32, 7) } };

test('server notation: IPv4, IPv4 with port, IPv6, bracketed IPv6 with port', () => {
  assert.deepEqual(parseServer('192.0.2.1'), { host: '192.0.2.1', port: 53 });
  assert.deepEqual(parseServer('127.0.0.1:5353'), { host: '127.0.0.1', port: 5353 });
  assert.deepEqual(parseServer('::1'), { host: '::1', port: 53 });
  assert.deepEqual(parseServer('[::1]:5353'), { host: '::1', port: 5353 });
});

test('queries carry RD, AD and EDNS0; the answer says whether the resolver set AD', async (t) => {
  const dns = await scriptedDns(t, (q) => ({ ad: q.questions?.[0].name.startsWith('_25'), answers: q.questions?.[0].type === 'TLSA' ? [tlsa] : [] }));
  const lookup = new DnssecLookup([dns.server], 1000);
  const secure = await lookup.query('_25._tcp.mx.example.test', 'TLSA');
  assert.deepEqual(secure, { rcode: 'NOERROR', authenticated: true, records: [tlsa.data] });
  const insecure = await lookup.query('mx.example.test', 'A');
  assert.deepEqual(insecure, { rcode: 'NOERROR', authenticated: false, records: [] });
  const [{ query }] = dns.queries;
  assert.equal(query.flag_rd, true);
  assert.equal(query.flag_ad, true);
  assert.equal(query.additionals?.[0]?.type, 'OPT');
});

test('NXDOMAIN and SERVFAIL come back as rcodes; a SERVFAIL makes the lookup ask the next server first', async (t) => {
  const failing = await scriptedDns(t, () => ({ rcode: 'SERVFAIL' }));
  const denying = await scriptedDns(t, () => ({ rcode: 'NXDOMAIN', ad: true }));
  assert.deepEqual(await new DnssecLookup([failing.server, denying.server], 1000).query('_25._tcp.gone.example.test', 'TLSA'),
    { rcode: 'NXDOMAIN', authenticated: true, records: [] });
  assert.deepEqual(await new DnssecLookup([failing.server], 1000).query('_25._tcp.gone.example.test', 'TLSA'),
    { rcode: 'SERVFAIL', authenticated: false, records: [] });
  assert.equal(failing.queries.length, 2);
});

test('a truncated UDP reply is asked again over TCP', async (t) => {
  const dns = await scriptedDns(t, (_q, transport) => (transport === 'udp' ? { tc: true, ad: true } : { ad: true, answers: [tlsa] }));
  const answer = await new DnssecLookup([dns.server], 1000).query('_25._tcp.mx.example.test', 'TLSA');
  assert.deepEqual(answer.records, [tlsa.data]);
  assert.deepEqual(dns.queries.map((q) => q.transport), ['udp', 'tcp']);
});

test('a reply with another id is ignored and a silent server times out within the bound, then the next server answers', async (t) => {
  const spoofing = await scriptedDns(t, (q) => ({ id: (q.id! + 1) % 65_536, ad: true, answers: [tlsa] }));
  const silent = await scriptedDns(t, () => ({ silent: true }));
  const started = Date.now();
  await assert.rejects(new DnssecLookup([spoofing.server, silent.server], 300).query('_25._tcp.mx.example.test', 'TLSA'),
    (err: unknown) => err instanceof DnsQueryError && err.code === 'ETIMEOUT');
  assert.ok(Date.now() - started < 1500, 'bounded by the per-server timeout');
  const honest = await scriptedDns(t, () => ({ ad: true, answers: [tlsa] }));
  assert.equal((await new DnssecLookup([silent.server, honest.server], 300).query('_25._tcp.mx.example.test', 'TLSA')).authenticated, true);
});
