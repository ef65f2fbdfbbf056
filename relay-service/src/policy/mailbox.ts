// Parses an envelope address for policy decisions, exposing the classic open-relay tricks.
import { isHostName, normalizeDomain } from './domain-name.ts';
import { parseIp } from './ip-address.ts';

/** A parsed envelope address. */
export interface Mailbox {
  local: string;
  /** Normalised: lower case, no trailing dot; for literals the bracketed form. */
  domain: string;
  /**
   * True when the address tries to route the mail onwards: a source route (`@a:b@c`), the
   * percent hack (`user%other@local`), a bang path (`a!b@local`) or a quoted local part
   * that carries another address. Such addresses are always treated as relaying.
   */
  routed: boolean;
  /** True for an address literal domain (`user@[192.0.2.1]`): never local, never a remote domain. */
  literal: boolean;
}

/** Why an address was not accepted as a mailbox. */
export interface InvalidMailbox {
  invalid: string;
}

/** Parses `local@domain` (angle brackets optional). Never throws; invalid input gives { invalid }. */
export function parseMailbox(input: string): Mailbox | InvalidMailbox {
  let address = input.trim().replace(/^<(.*)>$/, '$1');
  let routed = false;
  const route = /^@[^:]+:/.exec(address);
  if (route) {
    routed = true;
    address = address.slice(route[0].length);
  }
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return { invalid: 'an address needs a local part and a domain' };
  const local = address.slice(0, at);
  const rawDomain = address.slice(at + 1);
  const quoted = /^"(.*)"$/.exec(local);
  const bare = quoted ? quoted[1] : local;
  if (!quoted && (local.includes('@') || local.includes('"') || /\s/.test(local))) {
    return { invalid: 'the local part is malformed' };
  }
  if (/[@%!]/.test(bare)) routed = true;
  if (rawDomain.startsWith('[')) {
    const literal = /^\[(?:IPv6:)?([^\]]+)\]$/i.exec(rawDomain);
    if (!literal || !parseIp(literal[1])) return { invalid: 'the address literal is malformed' };
    return { local, domain: rawDomain.toLowerCase(), routed, literal: true };
  }
  const domain = normalizeDomain(rawDomain);
  if (!isHostName(domain)) return { invalid: 'the domain is malformed' };
  return { local, domain, routed, literal: false };
}

/** Type guard for the invalid branch of parseMailbox. */
export function isInvalidMailbox(value: Mailbox | InvalidMailbox): value is InvalidMailbox {
  return 'invalid' in value;
}
