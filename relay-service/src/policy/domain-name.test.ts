// Tests for the canonical domain form: A-labels and U-labels of one name compare equal, invalid names are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalDomain, canonicalDomainPattern, domainMatches } from '@relayform/schema/domain-name.ts';
import { addressWithALabels, hasUtf8LocalPart, parseMailbox } from './mailbox.ts';

test('both IDNA forms of a name, in any case and with a trailing dot, have one canonical form', () => {
  for (const form of ['xn--mnchen-3ya.de', 'XN--MNCHEN-3YA.DE', 'münchen.de', 'MÜNCHEN.DE', 'München.de.', ' münchen.de ']) {
    assert.equal(canonicalDomain(form), 'xn--mnchen-3ya.de', form);
  }
  assert.equal(canonicalDomain('παράδειγμα.example'), 'xn--hxajbheg2az3al.example');
  assert.equal(canonicalDomain('Example.COM.'), 'example.com');
  // Non-transitional UTS #46 (as IDNA 2008): ß is kept, not mapped to "ss"; full-width dots are label separators.
  assert.equal(canonicalDomain('faß.de'), 'xn--fa-hia.de');
  assert.equal(canonicalDomain('bücher。example'), 'xn--bcher-kva.example');
});

test('names that are not host names in either form have none', () => {
  for (const bad of ['', '.', 'a..b', '-a.com', 'a-.com', 'exa mple.com', 'a$b.com', 'xn--abc-.com', `${'ü'.repeat(60)}.de`, 'münchen.123', `${'a'.repeat(64)}.com`]) {
    assert.equal(canonicalDomain(bad), null, bad);
  }
  // ASCII names are not read the way URLs read hosts: this is a (strange) domain, not the IPv4 address 127.0.0.1.
  assert.equal(canonicalDomain('0x7f.1'), '0x7f.1');
});

test('patterns: *.suffix keeps its star; an A-label pattern matches a U-label name and the other way round', () => {
  assert.equal(canonicalDomainPattern('*.München.de'), '*.xn--mnchen-3ya.de');
  assert.equal(canonicalDomainPattern('*.'), null);
  assert.equal(domainMatches('münchen.de', 'XN--MNCHEN-3YA.de.'), true);
  assert.equal(domainMatches('xn--mnchen-3ya.de', 'München.de'), true);
  assert.equal(domainMatches('*.münchen.de', 'post.xn--mnchen-3ya.de'), true);
  assert.equal(domainMatches('*.xn--mnchen-3ya.de', 'post.münchen.de'), true);
  assert.equal(domainMatches('*.münchen.de', 'münchen.de'), false, 'a wildcard matches names strictly below it');
  assert.equal(domainMatches('münchen.de', 'munchen.de'), false);
  assert.equal(domainMatches('xn--abc-.com', 'abc.com'), false, 'an invalid pattern matches nothing');
});

test('mailboxes carry the canonical domain; stored addresses get A-labels, the local part is kept as given', () => {
  const mailbox = parseMailbox('<Jörg@München.de>');
  assert.deepEqual(mailbox, { local: 'Jörg', domain: 'xn--mnchen-3ya.de', routed: false, literal: false });
  assert.equal(addressWithALabels('jörg@παράδειγμα.example'), 'jörg@xn--hxajbheg2az3al.example');
  assert.equal(addressWithALabels('Jörg@MÜNCHEN.de'), 'Jörg@xn--mnchen-3ya.de');
  assert.equal(addressWithALabels('Bob@Example.COM'), 'Bob@Example.COM', 'an ASCII domain keeps the spelling the client used');
  assert.equal(addressWithALabels(''), '');
  assert.equal(addressWithALabels('no-domain'), 'no-domain');
  assert.equal(hasUtf8LocalPart('jörg@example.com'), true);
  assert.equal(hasUtf8LocalPart('bob@münchen.de'), false, 'a Unicode domain alone can travel as its A-label');
});
