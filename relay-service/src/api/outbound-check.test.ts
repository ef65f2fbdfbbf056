// The outbound check: the route, next hop, effective TLS policy and authentication delivery would use, over the API.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestRelay, type TestRelay } from '../../../test/support/test-relay.ts';

let relay: TestRelay;
before(async () => {
  relay = await startTestRelay();
});
after(() => relay.dispose());

test('outbound-check answers per domain: local, a remote domain with its own host, the smart host, MX; TLS policy resolved', async () => {
  const vs = (await relay.api('POST', '/v1/virtual-servers', {
    name: 'check', port: 2599, local_domains: ['corp.example'],
    delivery: { smart_host: 'smtp.isp.example', smart_host_port: 587, outbound_security: { authentication: 'basic', username: 'relay', password_wo: 'pw' } },
  })).body;
  const rd = (await relay.api('POST', `/v1/virtual-servers/${vs.id}/remote-domains`, {
    name: '*.partner.example', smart_host: 'gw.partner.example', outbound_security: { tls_policy: 'encrypt' },
  })).body;
  await relay.api('POST', `/v1/virtual-servers/${vs.id}/remote-domains`, { name: 'bank.example', require_tls: true });
  const check = async (domain: string) => {
    const answer = await relay.api('GET', `/v1/virtual-servers/${vs.id}/outbound-check?domain=${encodeURIComponent(domain)}`);
    assert.equal(answer.status, 200, answer.text);
    return answer.body;
  };
  assert.deepEqual(await check('far.example'), {
    domain: 'far.example', route: 'smart_host', remote_domain_id: null, next_hop: 'smtp.isp.example:587', tls_policy: 'verify', certificate_verified: true, authentication: 'basic',
  });
  assert.deepEqual(await check('eu.partner.example'), {
    domain: 'eu.partner.example', route: 'remote_domain', remote_domain_id: rd.id, next_hop: 'gw.partner.example:25', tls_policy: 'encrypt', certificate_verified: false, authentication: 'anonymous',
  });
  const bank = await check('BANK.example');
  assert.deepEqual([bank.route, bank.next_hop, bank.tls_policy, bank.authentication], ['smart_host', 'smtp.isp.example:587', 'encrypt', 'anonymous'],
    'a remote domain without a host rides the smart host with its own security; require_tls makes it encrypt');
  assert.deepEqual([(await check('corp.example')).route, (await check('corp.example')).tls_policy], ['local', 'none']);

  const bad = await relay.api('GET', `/v1/virtual-servers/${vs.id}/outbound-check?domain=not%20a%20domain`);
  assert.equal(bad.status, 422);
  assert.equal(bad.body.error.details[0].path, '$.domain');
  assert.equal((await relay.api('GET', `/v1/virtual-servers/${vs.id}/outbound-check`)).status, 422);
  assert.equal((await relay.api('GET', '/v1/virtual-servers/nope/outbound-check?domain=a.example')).status, 404);
});

test('outbound-check: dane and mta_sts are for MX delivery; mta_sts on a remote domain that rides the smart host verifies it', async () => {
  const mx = (await relay.api('POST', '/v1/virtual-servers', { name: 'check-mx', port: 2598, delivery: { outbound_security: { tls_policy: 'dane' } } })).body;
  const direct = (await relay.api('GET', `/v1/virtual-servers/${mx.id}/outbound-check?domain=far.example`)).body;
  assert.deepEqual([direct.route, direct.next_hop, direct.tls_policy, direct.certificate_verified], ['mx', null, 'dane', false]);
  const viaHost = (await relay.api('POST', '/v1/virtual-servers', { name: 'check-host', port: 2597, delivery: { smart_host: 'smtp.isp.example' } })).body;
  const rd = await relay.api('POST', `/v1/virtual-servers/${viaHost.id}/remote-domains`, { name: 'sts.example', outbound_security: { tls_policy: 'mta_sts' } });
  assert.equal(rd.status, 201, rd.text);
  const sts = (await relay.api('GET', `/v1/virtual-servers/${viaHost.id}/outbound-check?domain=sts.example`)).body;
  assert.deepEqual([sts.route, sts.next_hop, sts.tls_policy, sts.certificate_verified], ['smart_host', 'smtp.isp.example:25', 'verify', true]);
});
