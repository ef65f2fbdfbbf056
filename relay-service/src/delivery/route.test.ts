// Routing decisions: exact remote domain, longest wildcard, smart host, MX; security overrides and grouping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { VirtualServerConfig } from '../config/config-reader.ts';
import type { OutboundSecurity, RemoteDomain, VirtualServer } from '@relayform/schema/model.ts';
import { outboundSecurityDefaults } from '@relayform/schema/schemas/outbound-security-schema.ts';
import { groupByRoute, matchRemoteDomain, routeFor } from './route.ts';

const anonymous = outboundSecurityDefaults();

function domain(id: string, name: string, patch: Partial<RemoteDomain> = {}): RemoteDomain {
  return { id, virtual_server_id: 'vs', name, smart_host: null, smart_host_port: 25, outbound_security: anonymous, require_tls: false, allow_incoming_relay: false, ...patch };
}

function server(delivery: Partial<VirtualServer['delivery']>, remoteDomains: RemoteDomain[], localDomains: string[] = []): VirtualServerConfig {
  const vs = { id: 'vs', fqdn: 'relay.test', local_domains: localDomains, delivery: { smart_host: null, smart_host_port: 25, outbound_security: anonymous, ...delivery } } as VirtualServer;
  return { server: vs, connectionRules: [], relayRules: [], remoteDomains };
}

test('an exact remote domain wins over wildcards; among wildcards the longest suffix wins; the bare suffix is not a subdomain', () => {
  const domains = [domain('w1', '*.example.com'), domain('w2', '*.eu.example.com'), domain('x', 'mail.eu.example.com')];
  assert.equal(matchRemoteDomain('MAIL.eu.example.com', domains)?.id, 'x');
  assert.equal(matchRemoteDomain('hr.eu.example.com', domains)?.id, 'w2');
  assert.equal(matchRemoteDomain('us.example.com', domains)?.id, 'w1');
  assert.equal(matchRemoteDomain('example.com', domains), null);
  assert.equal(matchRemoteDomain('badexample.com', domains), null);
});

test('a remote domain overrides security; its smart host (or else the server smart host) is the next hop', () => {
  const basicTls: OutboundSecurity = { ...anonymous, authentication: 'basic', username: 'u', password_wo_version: 1, tls: true };
  const config = server({ smart_host: 'smart.test', smart_host_port: 587 }, [
    domain('own', 'own.test', { smart_host: 'own-relay.test', smart_host_port: 2525, outbound_security: basicTls }),
    domain('strict', 'strict.test', { require_tls: true }),
  ]);
  const own = routeFor('a@own.test', config);
  assert.deepEqual([own.smartHost, own.security, own.tls.policy, own.secretOwner], [{ host: 'own-relay.test', port: 2525 }, basicTls, 'verify', { remote_domain_id: 'own' }]);
  const strict = routeFor('a@strict.test', config);
  assert.deepEqual([strict.smartHost, strict.tls.policy], [{ host: 'smart.test', port: 587 }, 'encrypt']);
  const other = routeFor('a@other.test', config);
  assert.deepEqual([other.smartHost, other.tls.policy, other.secretOwner], [{ host: 'smart.test', port: 587 }, 'opportunistic', { virtual_server_id: 'vs' }]);
});

test('without a smart host the route is the MX of the recipient domain, one route per domain', () => {
  const groups = groupByRoute(['a@one.test', 'b@two.test', 'c@ONE.test'], server({}, []));
  assert.deepEqual(groups.map((g) => [g.route.smartHost, g.route.domain, g.recipients]), [
    [null, 'one.test', ['a@one.test', 'c@ONE.test']],
    [null, 'two.test', ['b@two.test']],
  ]);
});

test('local_domains recipients take the local route even when a smart host is set; address literals are not local', () => {
  const config = server({ smart_host: 'smart.test' }, [], ['corp.test']);
  assert.deepEqual([routeFor('a@CORP.test', config).local, routeFor('a@corp.test', config).key], [true, 'local']);
  assert.equal(routeFor('a@other.test', config).local, false);
  assert.equal(routeFor('a@[127.0.0.1]', config).local, false);
});

test('recipients of different domains share one transaction when they share the smart host', () => {
  const groups = groupByRoute(['a@one.test', 'b@two.test'], server({ smart_host: 'smart.test' }, []));
  assert.equal(groups.length, 1);
  assert.deepEqual(groups[0].recipients, ['a@one.test', 'b@two.test']);
});

test('IDN: remote domains written with U-labels match A-label recipients and the other way round; MX lookups use the A-label', () => {
  const domains = [domain('w', '*.münchen.de'), domain('w2', '*.post.xn--mnchen-3ya.de'), domain('x', 'παράδειγμα.example')];
  assert.equal(matchRemoteDomain('a.xn--mnchen-3ya.de', domains)?.id, 'w');
  assert.equal(matchRemoteDomain('a.post.münchen.de', domains)?.id, 'w2', 'the longest suffix is measured in canonical form');
  assert.equal(matchRemoteDomain('xn--hxajbheg2az3al.example', domains)?.id, 'x');
  const route = routeFor('bob@xn--hxajbheg2az3al.example', server({}, []));
  assert.deepEqual([route.domain, route.smartHost], ['xn--hxajbheg2az3al.example', null]);
  assert.equal(routeFor('bob@xn--mnchen-3ya.de', server({}, [], ['münchen.de'])).local, true);
});
