// A list of connection or relay rules as a lookup structure: is a client matched by any of them, in O(log rules).
import type { AddressMatch } from '@relayform/schema/model.ts';
import { parseIp } from '@relayform/schema/ip-address.ts';
import { canonicalDomain } from '@relayform/schema/domain-name.ts';
import { ruleMatch, type ClientIdentity, type RuleMatch } from './address-match.ts';

/** Sorted, disjoint, non-adjacent address ranges of one family. */
class RangeSet {
  private readonly firsts: bigint[] = [];
  private readonly lasts: bigint[] = [];

  constructor(ranges: Array<{ first: bigint; last: bigint }>) {
    // Sorted by a number first (Number() of a bigint keeps its order, rounded), by the exact value only on a tie: a
    // rule list of 10,000 sorts several times faster than with bigint comparisons alone.
    const keyed = ranges.map((range) => ({ key: Number(range.first), ...range }));
    keyed.sort((a, b) => a.key - b.key || (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
    for (const { first, last } of keyed) {
      const end = this.lasts.length - 1;
      if (end >= 0 && first <= this.lasts[end] + 1n) {
        if (last > this.lasts[end]) this.lasts[end] = last;
      } else {
        this.firsts.push(first);
        this.lasts.push(last);
      }
    }
  }

  get size(): number {
    return this.firsts.length;
  }

  /** Binary search for the last range starting at or before `value`. */
  has(value: bigint): boolean {
    let low = 0;
    let high = this.firsts.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (this.firsts[middle] <= value) low = middle + 1;
      else high = middle - 1;
    }
    return high >= 0 && value <= this.lasts[high];
  }
}

/**
 * Answers `rules.some(rule matches client)` without visiting every rule: the address rules of each family merged
 * into disjoint ranges (binary search), domain rules in a set (one look-up per label of the client's name), and
 * the rare subnet masks with holes, which no range can hold, checked one by one.
 */
export class AddressIndex {
  /** True when any rule is a domain rule: only then does the decision need the client's reverse DNS name. */
  readonly hasDomainRule: boolean;
  private readonly v4: RangeSet;
  private readonly v6: RangeSet;
  private readonly masked: Array<{ version: 4 | 6; network: bigint; mask: bigint }> = [];
  private readonly domains = new Set<string>();

  constructor(rules: readonly AddressMatch[]) {
    const ranges: Record<4 | 6, Array<{ first: bigint; last: bigint }>> = { 4: [], 6: [] };
    for (const rule of rules) {
      const match = compiled(rule);
      if (match.kind === 'range') ranges[match.version].push({ first: match.first, last: match.last });
      else if (match.kind === 'masked') this.masked.push(match);
      else if (match.kind === 'domain') this.domains.add(match.domain);
    }
    this.hasDomainRule = rules.some((rule) => rule.domain !== null);
    this.v4 = new RangeSet(ranges[4]);
    this.v6 = new RangeSet(ranges[6]);
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
 * The index of a rule list, built on first use and kept as long as the list is: once per configuration snapshot,
 * whose lists are never changed in place (a change makes a new snapshot with new lists).
 */
export function addressIndex(rules: readonly AddressMatch[]): AddressIndex {
  let index = built.get(rules);
  if (!index) {
    index = new AddressIndex(rules);
    built.set(rules, index);
  }
  return index;
}
