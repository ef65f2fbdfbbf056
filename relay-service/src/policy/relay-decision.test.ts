// Tests for decideRelay: local domains, relay modes, authentication, remote domains and open-relay tricks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideRelay } from './relay-decision.ts';
import { remoteDomain, rule, virtualServerConfig } from '../../../test/data-plane/virtual-server-config.ts';

const anonymous = { client_ip: '127.0.0.5', authenticated_as: null, sender: 'a@sender.test' };
const local = virtualServerConfig({ overrides: { local_domains: ['corp.test'] } });

function verdict(config: ReturnType<typeof virtualServerConfig>, recipient: string, extra: object = {}) {
  const d = decideRelay(config, { ...anonymous, recipient, ...extra });
  return `${d.smtp_code} ${d.enhanced_status}`;
}

test('a fresh server with defaults is not an open relay', () => {
  const d = decideRelay(virtualServerConfig(), { ...anonymous, recipient: 'victim@elsewhere.test' });
  assert.deepEqual(d, { decision: 'reject', smtp_code: 550, enhanced_status: '5.7.1', reason: 'Unable to relay' });
});

test('local domains are accepted from anyone, whatever the case or trailing dot', () => {
  assert.equal(verdict(local, 'bob@corp.test'), '250 2.1.5');
  assert.equal(verdict(local, 'bob@CORP.Test.'), '250 2.1.5');
  assert.equal(verdict(local, 'bob@sub.corp.test'), '550 5.7.1');
});

test('open-relay tricks aimed at a local domain are relaying', () => {
  for (const trick of ['victim%elsewhere.test@corp.test', 'elsewhere.test!victim@corp.test',
    '"victim@elsewhere.test"@corp.test', '@corp.test:victim@corp.test', 'victim@[127.0.0.1]', 'victim@[IPv6:::1]']) {
    assert.equal(verdict(local, trick), '550 5.7.1', trick);
  }
});

test('malformed addresses are syntax errors, not relay decisions', () => {
  assert.equal(verdict(local, 'no-domain'), '553 5.1.3');
  assert.equal(verdict(local, 'a@b@corp.test'), '553 5.1.3');
  assert.equal(verdict(local, 'a@bad_domain!'), '553 5.1.3');
  assert.equal(verdict(local, 'bob@corp.test', { sender: 'broken@' }), '553 5.1.7');
  assert.equal(verdict(local, 'bob@corp.test', { sender: '' }), '250 2.1.5');
});

test('only_listed relays for listed clients; all_except_listed for all but them', () => {
  const onlyListed = virtualServerConfig({ relayRules: [rule({ cidr: '127.0.0.4/30' })] });
  assert.equal(verdict(onlyListed, 'x@far.test'), '250 2.1.5');
  assert.equal(verdict(onlyListed, 'x@far.test', { client_ip: '127.0.0.9' }), '550 5.7.1');
  const allExcept = virtualServerConfig({ relayRules: [rule({ ip_address: '127.0.0.5' })], overrides: { relay_control: { mode: 'all_except_listed' } } });
  assert.equal(verdict(allExcept, 'x@far.test'), '550 5.7.1');
  assert.equal(verdict(allExcept, 'x@far.test', { client_ip: '127.0.0.6' }), '250 2.1.5');
});

test('a domain relay rule needs the client host name', () => {
  const config = virtualServerConfig({ relayRules: [rule({ domain: 'trusted.test' })] });
  assert.equal(verdict(config, 'x@far.test', { client_hostname: 'app.trusted.test' }), '250 2.1.5');
  assert.equal(verdict(config, 'x@far.test'), '550 5.7.1');
});

test('authenticated clients relay only while allow_authenticated is on', () => {
  assert.equal(verdict(virtualServerConfig(), 'x@far.test', { authenticated_as: 'CORP\\alice' }), '250 2.1.5');
  const off = virtualServerConfig({ overrides: { relay_control: { allow_authenticated: false } } });
  assert.equal(verdict(off, 'x@far.test', { authenticated_as: 'CORP\\alice' }), '550 5.7.1');
});

test('remote domains with allow_incoming_relay: exact name first, then the longest *.suffix', () => {
  const config = virtualServerConfig({
    remoteDomains: [remoteDomain('*.partner.test', true), remoteDomain('closed.partner.test', false), remoteDomain('*.deep.partner.test', false)],
  });
  assert.equal(verdict(config, 'x@a.partner.test'), '250 2.1.5');
  assert.equal(verdict(config, 'x@closed.partner.test'), '550 5.7.1');
  assert.equal(verdict(config, 'x@b.deep.partner.test'), '550 5.7.1');
  assert.equal(verdict(config, 'x@partner.test'), '550 5.7.1');
  assert.equal(verdict(config, 'victim%far.test@a.partner.test'), '550 5.7.1');
});

test('IDN: local domains, remote domains and domain rules match the A-label and the U-label form of a name alike', () => {
  const byULabel = virtualServerConfig({ overrides: { local_domains: ['münchen.de'] } });
  assert.equal(verdict(byULabel, 'x@xn--mnchen-3ya.de'), '250 2.1.5');
  assert.equal(verdict(byULabel, 'x@MÜNCHEN.de'), '250 2.1.5');
  const byALabel = virtualServerConfig({ overrides: { local_domains: ['xn--hxajbheg2az3al.example'] } });
  assert.equal(verdict(byALabel, 'x@παράδειγμα.example'), '250 2.1.5');
  assert.equal(verdict(byALabel, 'x@παράδειγμα.test'), '550 5.7.1');
  const remote = virtualServerConfig({ remoteDomains: [remoteDomain('*.münchen.de', true), remoteDomain('xn--fa-hia.de', true)] });
  assert.equal(verdict(remote, 'x@post.xn--mnchen-3ya.de'), '250 2.1.5');
  assert.equal(verdict(remote, 'x@faß.de'), '250 2.1.5');
  assert.equal(verdict(remote, 'x@fass.de'), '550 5.7.1', 'non-transitional: ß is not ss');
  const ruled = virtualServerConfig({ relayRules: [rule({ domain: 'münchen.de' })] });
  assert.equal(verdict(ruled, 'x@far.test', { client_hostname: 'mx.xn--mnchen-3ya.de' }), '250 2.1.5');
  assert.equal(verdict(ruled, 'x@far.test', { client_hostname: 'mx.munchen.de' }), '550 5.7.1');
  assert.equal(verdict(byULabel, 'x@xn--abc-.de'), '553 5.1.3', 'a fake A-label is a syntax error');
});
