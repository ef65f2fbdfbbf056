// The rule index decides exactly as the old scan over every rule did: 10,000 seeded random rule sets, clients and modes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { formatIp } from '@relayform/schema/ip-address.ts';
import { scanListed } from '../../../test/data-plane/address-scan-reference.ts';
import { rule, virtualServerConfig } from '../../../test/data-plane/virtual-server-config.ts';
import { seededRandom } from '../../../test/support/seeded-random.ts';
import { recordListDelta, takeListDelta } from '../config/list-delta.ts';
import { AddressIndex, addressIndex } from './address-index.ts';
import { decideConnection } from './connection-decision.ts';
import { decideRelay } from './relay-decision.ts';

/** Random values drawn so that rules overlap and clients fall on the edges of the rules. */
class Cases {
  private readonly random: () => number;
  /** A few network bases per family: rules and clients cluster around them, so ranges overlap and touch. */
  private readonly v4Bases: bigint[];
  private readonly v6Bases: bigint[];
  /** Edges of the rules made so far (first, last, their neighbours), used as client addresses. */
  readonly edges: Array<{ version: 4 | 6; value: bigint }> = [];

  constructor(seed: number) {
    this.random = seededRandom(seed);
    this.v4Bases = [0n, 0xffffffffn, 0x0a000000n, 0x7f000000n, ...Array.from({ length: 3 }, () => this.bits(32))];
    this.v6Bases = [0n, (1n << 128n) - 1n, 0x20010db8n << 96n, 1n, ...Array.from({ length: 3 }, () => this.bits(128))];
  }

  int(below: number): number {
    return Math.floor(this.random() * below);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  private bits(count: number): bigint {
    let value = 0n;
    for (let i = 0; i < count; i += 16) value = (value << 16n) | BigInt(this.int(0x10000));
    return value & ((1n << BigInt(count)) - 1n);
  }

  /** Near a base: the base with its low 4-20 bits (IPv4) or 4-40 bits (IPv6) replaced. */
  value(version: 4 | 6): bigint {
    const width = version === 4 ? 32 : 128;
    const low = BigInt(4 + this.int(version === 4 ? 17 : 37));
    const base = this.pick(version === 4 ? this.v4Bases : this.v6Bases);
    return ((base >> low) << low) | (this.bits(width) & ((1n << low) - 1n));
  }

  /** An address in text: canonical, IPv4 as IPv4-mapped IPv6, IPv6 in upper case or with every group written out. */
  text(version: 4 | 6, value: bigint): string {
    const canonical = formatIp({ version, value });
    const style = this.int(6);
    if (version === 4) return style === 0 ? `::ffff:${canonical}` : style === 1 ? `::FFFF:${canonical}` : canonical;
    if (style === 0) return canonical.toUpperCase();
    if (style === 1) return [...Array(8).keys()].map((i) => ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');
    return canonical;
  }

  prefix(version: 4 | 6): number {
    const width = version === 4 ? 32 : 128;
    // Mostly long prefixes (small networks that overlap), sometimes anything, sometimes out of range.
    const roll = this.int(10);
    if (roll === 0) return width + 1 + this.int(3);
    if (roll < 3) return this.int(width + 1);
    return width - this.int(version === 4 ? 13 : 41);
  }

  private remember(version: 4 | 6, value: bigint, prefix: number): void {
    const width = BigInt(version === 4 ? 32 : 128);
    if (prefix < 0 || BigInt(prefix) > width) return;
    const host = (1n << (width - BigInt(prefix))) - 1n;
    const first = value & ~host & ((1n << width) - 1n);
    const last = first | host;
    const max = (1n << width) - 1n;
    for (const edge of [first - 1n, first, last, last + 1n]) if (edge >= 0n && edge <= max) this.edges.push({ version, value: edge });
    if (this.edges.length > 4000) this.edges.splice(0, 2000);
  }

  /** One rule in any of the forms the API stores, and some it would refuse (the matcher must still agree). */
  rule(): ReturnType<typeof rule> {
    const version = this.random() < 0.6 ? 4 : 6;
    const value = this.value(version);
    const form = this.int(20);
    if (form < 5) {
      this.remember(version, value, version === 4 ? 32 : 128);
      return rule({ ip_address: this.text(version, value) });
    }
    if (form < 11) {
      const prefix = this.prefix(version);
      this.remember(version, value, prefix);
      // IPv4 written as ::ffff:a.b.c.d/(96 + prefix); the prefix may then be too short (below 96) as well.
      if (version === 4 && this.int(4) === 0) return rule({ cidr: `::ffff:${formatIp({ version, value })}/${prefix + 96 - this.int(2) * 20}` });
      return rule({ cidr: `${this.text(version, value)}/${prefix}` });
    }
    if (form < 15) {
      const prefix = this.prefix(4);
      this.remember(version, value, version === 4 ? prefix : 128);
      const masks = [
        String(prefix),
        prefix <= 32 ? formatIp({ version: 4, value: ((0xffffffffn << BigInt(32 - prefix)) & 0xffffffffn) }) : '255.255.255.255',
        this.pick(['255.0.255.0', '0.255.255.255', '255.255.0.255', '254.255.255.0', formatIp({ version: 4, value: this.bits(32) })]),
        this.pick(['ffff:ffff::', 'ffff:ffff:ffff:ffff::', '::ffff:255.255.255.0', 'not-a-mask', '']),
      ];
      return rule({ ip_address: this.text(version, value), subnet_mask: this.pick(masks) });
    }
    if (form < 18) {
      return rule({ domain: this.pick(['example.com', '*.example.com', 'a.example.com', 'Example.COM.', 'münchen.de', 'xn--mnchen-3ya.de', 'bad..name', 'test', '*.test']) });
    }
    if (form < 19) return rule({ cidr: this.pick(['nonsense', '10.0.0.0/8/1', '/8', '10.0.0.0/', '0.0.0.0/0', '::/0', '10.0.0.0/x']) });
    return rule({});
  }

  ruleSet(): Array<ReturnType<typeof rule>> {
    const size = this.random() < 0.1 ? 100 + this.int(400) : this.int(30);
    return Array.from({ length: size }, () => this.rule());
  }

  client(): { ip: string; hostname: string | null } {
    const roll = this.int(10);
    let ip: string;
    if (roll < 4 && this.edges.length > 0) {
      const edge = this.pick(this.edges);
      ip = this.text(edge.version, edge.value);
    } else if (roll < 8) {
      const version = this.random() < 0.6 ? 4 : 6;
      ip = this.text(version, this.value(version));
    } else {
      ip = this.pick(['0.0.0.0', '255.255.255.255', '::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '::1', '::ffff:0.0.0.0',
        '::ffff:255.255.255.255', '::ffff:0:0', '127.0.0.1', 'not-an-ip', '', 'fe80::1%eth0', '::ffff:1.2.3']);
    }
    const hostname = this.pick([null, null, 'mx1.example.com', 'example.com', 'badexample.com', 'b.a.example.com', 'xn--mnchen-3ya.de',
      'mx.münchen.de', 'TEST.', '', 'a..example.com']);
    return { ip, hostname };
  }
}

test('the index decides like the scan over every rule on 10,000 random cases (IPv4, IPv6, masks, overlaps, both modes)', () => {
  const seed = Number(process.env.RULE_INDEX_SEED ?? randomInt(2 ** 31));
  const cases = new Cases(seed);
  let listedCount = 0;
  let rules: Array<ReturnType<typeof rule>> = [];
  for (let n = 0; n < 10_000; n += 1) {
    // A new rule set every few cases, so that several clients meet each (and the index is built from the same list).
    if (n % 4 === 0) rules = cases.ruleSet();
    const client = cases.client();
    const mode = cases.pick(['only_listed', 'all_except_listed'] as const);
    const expected = scanListed(rules, client);
    const where = () => `seed ${seed} (RULE_INDEX_SEED=${seed} repeats it), case ${n}: client ${JSON.stringify(client)}, mode ${mode}, rules ${JSON.stringify(rules.map(({ ip_address, subnet_mask, cidr, domain }) => ({ ip_address, subnet_mask, cidr, domain })))}`;
    assert.equal(AddressIndex.of(rules).matches(client), expected, where());
    const config = virtualServerConfig({ connectionRules: rules, relayRules: rules, overrides: { connection_control: { mode }, relay_control: { mode, allow_authenticated: false } } });
    const admitted = mode === 'only_listed' ? expected : !expected;
    assert.equal(decideConnection(config, client).decision, admitted ? 'accept' : 'reject', `connection: ${where()}`);
    const relay = decideRelay(config, { client_ip: client.ip, client_hostname: client.hostname, authenticated_as: null, sender: 'a@sender.test', recipient: 'b@elsewhere.test' });
    assert.equal(relay.decision, admitted ? 'accept' : 'reject', `relay: ${where()}`);
    if (expected) listedCount += 1;
  }
  // The cases must exercise both answers, or the comparison proves little.
  assert.ok(listedCount > 1000 && listedCount < 9000, `seed ${seed}: ${listedCount} of 10,000 clients were listed`);
});

test('an index updated rule by rule answers like one built from scratch and like the scan (random adds and removes, seeded)', () => {
  const seed = Number(process.env.RULE_INDEX_SEED ?? randomInt(2 ** 31));
  const cases = new Cases(seed);
  let listed = 0;
  let checked = 0;
  for (let run = 0; run < 20; run += 1) {
    let rules = cases.ruleSet();
    let index = AddressIndex.of(rules);
    for (let step = 0; step < 60; step += 1) {
      // One to three rules come and go, sometimes a duplicate of a rule already there (the same range twice).
      const removed = rules.filter(() => cases.int(Math.max(1, rules.length)) < cases.int(3));
      const added = Array.from({ length: cases.int(4) }, () => (rules.length > 0 && cases.int(5) === 0 ? rule({ ...cases.pick(rules) }) : cases.rule()));
      const gone = new Set(removed);
      const before = index;
      index = index.changed(added, removed);
      const previous = rules;
      rules = [...rules.filter((r) => !gone.has(r)), ...added];
      const scratch = AddressIndex.of(rules);
      assert.equal(index.hasDomainRule, scratch.hasDomainRule, `seed ${seed} (RULE_INDEX_SEED=${seed} repeats it), run ${run}, step ${step}: hasDomainRule`);
      for (let c = 0; c < 8; c += 1) {
        const client = cases.client();
        const expected = scanListed(rules, client);
        const where = `seed ${seed} (RULE_INDEX_SEED=${seed} repeats it), run ${run}, step ${step}: client ${JSON.stringify(client)}`;
        assert.equal(index.matches(client), expected, `updated index: ${where}`);
        assert.equal(scratch.matches(client), expected, `built index: ${where}`);
        assert.equal(before.matches(client), scanListed(previous, client), `the index it was made from is unchanged: ${where}`);
        if (expected) listed += 1;
        checked += 1;
      }
    }
  }
  assert.ok(listed > checked / 10 && listed < checked * 0.9, `seed ${seed}: ${listed} of ${checked} clients were listed`);
});

test('a list made from an earlier one (config/list-delta.ts) gets its index from that list\'s index, with the same answers', () => {
  const base = [rule({ cidr: '10.0.0.0/24' }), rule({ ip_address: '192.0.2.1' }), rule({ cidr: '2001:db8::/64' }), rule({ domain: 'example.com' })];
  const first = addressIndex(base);
  const next = [base[0], base[2], rule({ cidr: '10.0.1.0/24' })];
  recordListDelta(next, base, [next[2]], [base[1], base[3]]);
  const third = [...next, rule({ ip_address: '198.51.100.7' })];
  // Nothing was built from `next`: its delta joins the next one, from `base`.
  recordListDelta(third, next, [third[3]], []);
  const derived = addressIndex(third);
  assert.notEqual(derived, first);
  const answers = (index: AddressIndex) => ['10.0.0.5', '10.0.1.5', '192.0.2.1', '2001:db8::1', '198.51.100.7', '198.51.100.8'].map((ip) => index.matches({ ip, hostname: 'mx.example.com' }));
  assert.deepEqual(answers(derived), [true, true, false, true, true, false]);
  assert.deepEqual(answers(derived), answers(AddressIndex.of(third)));
  assert.equal(derived.hasDomainRule, false, 'the domain rule went');
  assert.deepEqual(answers(first), [true, true, true, true, true, true], 'the first index still answers for its own list (its domain rule matches the name)');
  assert.equal(takeListDelta(third), undefined, 'the delta was taken by the build');
  assert.equal(addressIndex(third), derived, 'kept for the list');
});

test('edges: the first and last address of a range match, their neighbours do not; whole-family rules stay in their family', () => {
  const index = AddressIndex.of([rule({ cidr: '10.0.0.0/30' }), rule({ cidr: '10.0.0.8/30' }), rule({ cidr: '::/0' }), rule({ ip_address: '255.255.255.255' })]);
  const matches = (ip: string) => index.matches({ ip, hostname: null });
  assert.deepEqual(['10.0.0.0', '10.0.0.3', '10.0.0.4', '10.0.0.7', '10.0.0.8', '10.0.0.11', '10.0.0.12', '9.255.255.255'].map(matches),
    [true, true, false, false, true, true, false, false]);
  assert.equal(matches('::'), true);
  assert.equal(matches('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'), true);
  assert.equal(matches('255.255.255.255'), true);
  assert.equal(matches('::ffff:255.255.255.255'), true, 'an IPv4-mapped client is its IPv4 address');
  assert.equal(matches('::ffff:10.0.0.5'), false, '::/0 does not match IPv4-mapped clients, as before');
});

test('adjacent and nested ranges merge without losing either end', () => {
  const index = AddressIndex.of([rule({ cidr: '10.0.0.0/24' }), rule({ cidr: '10.0.1.0/24' }), rule({ cidr: '10.0.0.128/25' }), rule({ ip_address: '10.0.3.0' })]);
  const matches = (ip: string) => index.matches({ ip, hostname: null });
  assert.deepEqual(['10.0.0.0', '10.0.0.255', '10.0.1.0', '10.0.1.255', '10.0.2.0', '10.0.3.0', '10.0.3.1'].map(matches),
    [true, true, true, true, false, true, false]);
});
