// Tests for openRelayVerdict: relay modes, rules for every address, anonymous access off, connection rules, remote domains.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openRelayVerdict } from './open-relay.ts';
import { remoteDomain, rule, virtualServerConfig } from '../../../test/data-plane/virtual-server-config.ts';

test('the default policy (only listed clients relay, none listed) is not an open relay', () => {
  const verdict = openRelayVerdict(virtualServerConfig());
  assert.equal(verdict.open_relay, false);
  assert.equal(verdict.decision.smtp_code, 550);
});

test('all_except_listed with no relay rules relays for every anonymous client', () => {
  const verdict = openRelayVerdict(virtualServerConfig({ overrides: { relay_control: { mode: 'all_except_listed' } } }));
  assert.equal(verdict.open_relay, true);
  assert.equal(verdict.probe.client_ip, '192.0.2.1');
});

test('a relay rule for every IPv6 address is open for IPv6 strangers only, and that is enough', () => {
  const verdict = openRelayVerdict(virtualServerConfig({ relayRules: [rule({ cidr: '::/0' })] }));
  assert.equal(verdict.open_relay, true);
  assert.equal(verdict.probe.client_ip, '2001:db8::1');
});

test('without anonymous access nobody relays unauthenticated, whatever the rules', () => {
  const config = virtualServerConfig({ overrides: { relay_control: { mode: 'all_except_listed' }, authentication: { anonymous: false } } });
  assert.equal(openRelayVerdict(config).open_relay, false);
});

test('connection rules that admit only listed clients keep strangers out', () => {
  const config = virtualServerConfig({
    connectionRules: [rule({ cidr: '10.0.0.0/8' })],
    overrides: { relay_control: { mode: 'all_except_listed' }, connection_control: { mode: 'only_listed' } },
  });
  const verdict = openRelayVerdict(config);
  assert.equal(verdict.open_relay, false);
  assert.equal(verdict.decision.smtp_code, 554);
});

test('a remote domain open to incoming relay is not an open relay for other domains', () => {
  const config = virtualServerConfig({ remoteDomains: [remoteDomain('partner.test', true)] });
  assert.equal(openRelayVerdict(config).open_relay, false);
});
