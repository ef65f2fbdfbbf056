// A list of connection or relay rules as a lookup structure: is a client matched by any of them, in O(log rules).
import type { AddressMatch } from '@relayform/schema/model.ts';
import { parseIp } from '@relayform/schema/ip-address.ts';
import { canonicalDomain } from '@relayform/schema/domain-name.ts';
import { takeListDelta } from '../config/list-delta.ts';
import { ruleMatch, type ClientIdentity, type RuleMatch } from './address-match.ts';

interface Range {
  first: bigint;
  last: bigint;
}

/** Ranges in order of their first address (a number key first: Number() of a bigint keeps its order, rounded). */
function byFirst(a: Range & { key: number }, b: Range & { key: number }): number {
  return a.key - b.key || (a.first < b.first ? -1 : a.first > b.first ? 1 : 0);
}

/**
 * The address ranges of one family's rules, one per rule (overlaps and duplicates kept), sorted by first address, with
 * the largest last address so far beside each: an address is in some range exactly when the last range starting at
 * or before it reaches it. A rule that comes or goes is a splice, not a re-sort; the reach is redone from there on.
 */
class RangeSet {
  private constructor(private readonly firsts: bigint[], private readonly lasts: bigint[], private readonly reach: bigint[]) {}

  static of(ranges: Range[]): RangeSet {
    // Sorted by a number first, by the exact value only on a tie: a rule list of 10,000 sorts several times faster
    // than with bigint comparisons alone.
    const keyed = ranges.map((range) => ({ key: Number(range.first), ...range }));
    keyed.sort(byFirst);
    const set = new RangeSet(keyed.map((r) => r.first), keyed.map((r) => r.last), []);
    set.reachFrom(0);
    return set;
  }

  get size(): number {
    return this.firsts.length;
  }

  /** A new set with `added` ranges and without one range equal to each of `removed`; this one is left as it is. */
  changed(added: Range[], removed: Range[]): RangeSet {
    const set = new RangeSet(this.firsts.slice(), this.lasts.slice(), this.reach.slice());
    let from = set.firsts.length;
    for (const { first, last } of removed) {
      let at = set.after(first - 1n);
      while (at < set.firsts.length && set.firsts[at] === first && set.lasts[at] !== last) at += 1;
      if (at >= set.firsts.length || set.firsts[at] !== first) continue;
      set.firsts.splice(at, 1);
      set.lasts.splice(at, 1);
      set.reach.splice(at, 1);
      from = Math.min(from, at);
    }
    for (const { first, last } of added) {
      const at = set.after(first);
      set.firsts.splice(at, 0, first);
      set.lasts.splice(at, 0, last);
      set.reach.splice(at, 0, last);
      from = Math.min(from, at);
    }
    set.reachFrom(from);
    return set;
  }

  /** True when some range holds `value`. */
  has(value: bigint): boolean {
    const at = this.after(value) - 1;
    return at >= 0 && value <= this.reach[at];
  }

  /** The number of ranges starting at or before `value` (binary search). */
  private after(value: bigint): number {
    let low = 0;
    let high = this.firsts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.firsts[middle] <= value) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private reachFrom(from: number): void {
    for (let i = from; i < this.firsts.length; i += 1) {
      const before = i > 0 ? this.reach[i - 1] : -1n;
      this.reach[i] = this.lasts[i] > before ? this.lasts[i] : before;
    }
  }
}

/**
 * Answers `rules.some(rule matches client)` without visiting every rule: the address rules of each family as sorted
 * ranges (binary search), domain rules counted by name (one look-up per label of the client's name), and the rare
 * subnet masks with holes, which no range can hold, checked one by one. `changed` makes the index of a list one
 * rule or a few away from this one's without rebuilding it.
 */
export class AddressIndex {
  private constructor(
    private readonly v4: RangeSet,
    private readonly v6: RangeSet,
    private readonly masked: ReadonlyArray<RuleMatch & { kind: 'masked' }>,
    private readonly domains: ReadonlyMap<string, number>,
    /** How many rules are domain rules (a malformed one too): only when some are does a decision need the client's name. */
    private readonly domainRules: number,
  ) {}

  static of(rules: readonly AddressMatch[]): AddressIndex {
    const parts = split(rules);
    const domains = new Map<string, number>();
    for (const domain of parts.domains) domains.set(domain, (domains.get(domain) ?? 0) + 1);
    return new AddressIndex(RangeSet.of(parts[4]), RangeSet.of(parts[6]), parts.masked, domains, parts.domainRules);
  }

  /** True when any rule is a domain rule: only then does the decision need the client's reverse DNS name. */
  get hasDomainRule(): boolean {
    return this.domainRules > 0;
  }

  /** The index of this index's rules with `added` and without `removed` (rule objects it was built with); this one is unchanged. */
  changed(added: readonly AddressMatch[], removed: readonly AddressMatch[]): AddressIndex {
    const [plus, minus] = [split(added), split(removed)];
    const gone = new Set(minus.masked);
    const domains = new Map(this.domains);
    for (const domain of plus.domains) domains.set(domain, (domains.get(domain) ?? 0) + 1);
    for (const domain of minus.domains) {
      const count = (domains.get(domain) ?? 0) - 1;
      if (count > 0) domains.set(domain, count);
      else domains.delete(domain);
    }
    return new AddressIndex(
      plus[4].length + minus[4].length > 0 ? this.v4.changed(plus[4], minus[4]) : this.v4,
      plus[6].length + minus[6].length > 0 ? this.v6.changed(plus[6], minus[6]) : this.v6,
      [...this.masked.filter((match) => !gone.has(match)), ...plus.masked],
      domains,
      this.domainRules + plus.domainRules - minus.domainRules,
    );
  }

  /** True when at least one rule matches the client (RuleMatch in address-match.ts says what each rule matches). */
  matches(client: ClientIdentity): boolean {
    if (this.domains.size > 0 && client.hostname && this.matchesName(client.hostname)) return true;
    if (this.v4.size === 0 && this.v6.size === 0 && this.masked.length === 0) return false;
    const ip = parseIp(client.ip);
    if (!ip) return false;
    if ((ip.version === 4 ? this.v4 : this.v6).has(ip.value)) return true;
    return this.masked.some((m) => m.version === ip.version && (ip.value & m.mask) === m.network);
  }

  /** The name itself or any of its parent domains is a rule's domain. */
  private matchesName(hostname: string): boolean {
    const name = canonicalDomain(hostname);
    if (name === null) return false;
    let at = -1;
    do {
      if (this.domains.has(name.slice(at + 1))) return true;
      at = name.indexOf('.', at + 1);
    } while (at >= 0);
    return false;
  }
}

/** Rules by what the index keeps of them. */
function split(rules: readonly AddressMatch[]) {
  const parts = { 4: [] as Range[], 6: [] as Range[], masked: [] as Array<RuleMatch & { kind: 'masked' }>, domains: [] as string[], domainRules: 0 };
  for (const rule of rules) {
    const match = compiled(rule);
    if (match.kind === 'range') parts[match.version].push({ first: match.first, last: match.last });
    else if (match.kind === 'masked') parts.masked.push(match);
    else if (match.kind === 'domain') parts.domains.push(match.domain);
    if (rule.domain !== null) parts.domainRules += 1;
  }
  return parts;
}

const matches = new WeakMap<AddressMatch, RuleMatch>();

/** ruleMatch, once per rule object: a snapshot after a change keeps the objects of the rules that did not change. */
function compiled(rule: AddressMatch): RuleMatch {
  let match = matches.get(rule);
  if (!match) {
    match = ruleMatch(rule);
    matches.set(rule, match);
  }
  return match;
}

const built = new WeakMap<readonly AddressMatch[], AddressIndex>();

/**
 * The index of a rule list, made on first use and kept as long as the list is: once per configuration snapshot,
 * whose lists are never changed in place (a change makes a new snapshot with new lists). A list made from an earlier
 * one whose index exists (config/list-delta.ts) gets that index with the rules that came and went, not a new build.
 */
export function addressIndex(rules: readonly AddressMatch[]): AddressIndex {
  let index = built.get(rules);
  if (!index) {
    const delta = takeListDelta(rules);
    const base = delta && built.get(delta.from);
    index = base ? base.changed(delta.added, delta.removed) : AddressIndex.of(rules);
    built.set(rules, index);
  }
  return index;
}
