// The ConfigReader the data plane consumes: change events after API commits, consistent snapshots, credential look-ups.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestRelay, type TestRelay } from '../../../test/support/test-relay.ts';

let relay: TestRelay;
before(async () => {
  relay = await startTestRelay();
});
after(() => relay.dispose());

test('each committed API change fires onChange once, and the snapshot taken then already shows it', async () => {
  const reader = relay.handles().config;
  const seen: number[] = [];
  const unsubscribe = reader.onChange(() => {
    reader.snapshot().then((s) => seen.push(s.version), () => seen.push(-1));
  });
  const before = (await reader.snapshot()).version;
  const vs = (await relay.api('POST', '/v1/virtual-servers', { name: 'watched', port: 2681 })).body;
  await relay.api('POST', `/v1/virtual-servers/${vs.id}/relay-rules`, { cidr: '10.0.0.0/8' });
  await relay.api('POST', `/v1/virtual-servers/${vs.id}/remote-domains`, { name: 'r.example' });
  await relay.api('POST', '/v1/virtual-servers', { name: 'bad', port: 0 });
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(seen, [before + 1, before + 2, before + 3], 'one event per commit, none for a rejected write');
  const snapshot = await reader.snapshot();
  const config = snapshot.virtualServers.find((c) => c.server.id === vs.id)!;
  assert.equal(config.relayRules[0].cidr, '10.0.0.0/8');
  assert.equal(config.remoteDomains[0].name, 'r.example');
  assert.deepEqual(config.connectionRules, []);
  unsubscribe();
  await relay.api('DELETE', `/v1/virtual-servers/${vs.id}`);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(seen.length, 3, 'unsubscribed');
  assert.equal((await reader.snapshot()).virtualServers.some((c) => c.server.id === vs.id), false);
});

test('password, CRAM-MD5 secret and unknown accounts', async () => {
  const reader = relay.handles().config;
  await relay.api('POST', '/v1/accounts', { name: 'erin', domain: 'Corp', password_wo: 'erin-pass' });
  assert.equal((await reader.verifyPassword('ERIN', 'corp', 'erin-pass'))?.account.name, 'erin');
  assert.equal(await reader.verifyPassword('erin', 'corp', 'wrong'), null);
  assert.equal(await reader.verifyPassword('nobody', '', 'erin-pass'), null);
  assert.equal((await reader.cramMd5Secret('erin', 'Corp'))?.secret, 'erin-pass');
  assert.equal(await reader.cramMd5Secret('nobody', ''), null);
  assert.equal(await reader.certificateKeyPair('nope'), null);
  assert.equal(await reader.outboundSecret({ virtual_server_id: 'nope' }, 'password'), null);
  assert.equal(await reader.verifyBearerToken('erin', 'not-a-token'), null);
});
