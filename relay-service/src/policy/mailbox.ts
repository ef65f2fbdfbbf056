// Parses an envelope address for policy decisions, exposing the classic open-relay tricks.
import { canonicalDomain } from '@relayform/schema/domain-name.ts';
import { parseIp } from '@relayform/schema/ip-address.ts';

/** A parsed envelope address. */
export interface Mailbox {
  local: string;
  /** Canonical (schema/ domain-name.ts): lower-case A-labels, no trailing dot; for literals the bracketed form in lower case. */
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
  const domain = canonicalDomain(rawDomain);
  if (domain === null) return { invalid: 'the domain is malformed' };
  return { local, domain, routed, literal: false };
}

/**
 * The address as the relay stores and sends it: a domain with Unicode labels becomes its canonical A-label form,
 * which every next hop understands without SMTPUTF8; anything else (an ASCII domain in the client's spelling, the
 * local part, "" for the null sender, an address parseMailbox refuses) is kept as it is.
 */
export function addressWithALabels(address: string): string {
  if (!/[\u0080-\uffff]/.test(address.slice(address.lastIndexOf('@') + 1))) return address;
  const mailbox = parseMailbox(address);
  return isInvalidMailbox(mailbox) ? address : `${mailbox.local}@${mailbox.domain}`;
}

/**
 * True when the local part of `address` (up to its last `@`) has characters outside ASCII (RFC 6531): such an
 * address can only be sent with SMTPUTF8, while a Unicode domain can always be sent as its A-label.
 */
export function hasUtf8LocalPart(address: string): boolean {
  const at = address.lastIndexOf('@');
  return /[\u0080-\uffff]/.test(at < 0 ? address : address.slice(0, at));
}

/** Type guard for the invalid branch of parseMailbox. */
export function isInvalidMailbox(value: Mailbox | InvalidMailbox): value is InvalidMailbox {
  return 'invalid' in value;
}
