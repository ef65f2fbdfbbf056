// /v1/directories over real HTTP: write-only bind password, defaults, validation with JSON paths, one directory per domain.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestRelay, type TestRelay } from '../../../test/support/test-relay.ts';

let relay: TestRelay;
before(async () => { relay = await startTestRelay(); });
after(() => relay.dispose());

const directory = {
  name: 'corp', domain: 'CORP', urls: ['ldaps://dc1.corp.test', 'ldap://dc2.corp.test:389'], bind_dn: 'CN=svc-relay,DC=corp,DC=test',
  bind_password_wo: 'svc-secret-1', bind_password_wo_version: 1, user_search_base: 'DC=corp,DC=test',
};

test('create: defaults filled, bind_password_wo never returned; it is required on create', async () => {
  const missing = await relay.api('POST', '/v1/directories', { ...directory, bind_password_wo: undefined });
  assert.equal(missing.status, 422);
  assert.deepEqual(missing.body.error.details, [{ path: '$.bind_password_wo', message: 'is required when creating a directory' }]);
  const created = await relay.api('POST', '/v1/directories', directory);
  assert.equal(created.status, 201, created.text);
  const { bind_password_wo: _omitted, ...expected } = directory;
  assert.deepEqual(created.body, {
    ...expected, id: created.body.id, flavor: 'active_directory', start_tls: true, tls_ca_pem: null, user_filter: null,
    group_search_base: null, max_group_depth: 5, timeout_seconds: 5, cache_ttl_seconds: 60, negative_cache_seconds: 5, managed_by: null,
  });
  assert.doesNotMatch(created.text, /svc-secret-1/);
  assert.doesNotMatch((await relay.api('GET', '/v1/directories')).text, /svc-secret-1/);
  assert.doesNotMatch((await relay.api('GET', `/v1/audit-log?object_id=${created.body.id}`)).text, /svc-secret-1/);
  const clash = await relay.api('POST', '/v1/directories', { ...directory, name: 'again', domain: 'corp' });
  assert.equal(clash.status, 409);
  assert.equal((await relay.api('DELETE', `/v1/directories/${created.body.id}`)).status, 204);
});

test('bad input names the attribute: URL scheme and form, filter without {user}, cache bounds', async () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ urls: ['http://dc1.corp.test'] }, '$.urls[0]'],
    [{ urls: ['ldap://dc1.corp.test/dc=corp?uid'] }, '$.urls[0]'],
    [{ urls: [] }, '$.urls'],
    [{ user_filter: '(uid=alice)' }, '$.user_filter'],
    [{ negative_cache_seconds: 60 }, '$.negative_cache_seconds'],
    [{ flavor: 'novell' }, '$.flavor'],
  ];
  for (const [change, path] of cases) {
    const response = await relay.api('POST', '/v1/directories', { ...directory, ...change });
    assert.equal(response.status, 422, JSON.stringify(change));
    assert.ok(response.body.error.details.some((d: { path: string }) => d.path === path), `${JSON.stringify(change)}: ${response.text}`);
  }
});
