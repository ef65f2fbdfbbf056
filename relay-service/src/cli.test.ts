// The real `smtp-relay serve` child process: admin token bootstrap, graceful stop, restart and kill -9 keep everything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiClient } from '../../test/support/api-client.ts';
import { startTestRelay } from '../../test/support/test-relay.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

test('first start prints a generated admin token once and stores it 0600; restarts and kill -9 keep all config', async (t) => {
  const relay = await startTestRelay({ mode: 'child-process', adminToken: null });
  t.after(() => relay.dispose());
  const tokenFile = join(relay.dataDir, 'admin-token');
  assert.equal(relay.output().match(/Admin token: /g)?.length, 1);
  assert.ok(relay.output().includes(`Admin token: ${relay.token} (also in ${tokenFile})`));
  assert.equal(statSync(tokenFile).mode & 0o777, 0o600);
  assert.equal(statSync(join(relay.dataDir, 'secret.key')).mode & 0o777, 0o600);

  const vs = await relay.api('POST', '/v1/virtual-servers', { name: 'durable', port: 2671, local_domains: ['corp.example'] });
  assert.equal(vs.status, 201);
  const account = await relay.api('POST', '/v1/accounts', { name: 'dave', domain: 'CORP', password_wo: 'dave-pass' });
  const rule = await relay.api('POST', `/v1/virtual-servers/${vs.body.id}/relay-rules`, { cidr: '192.0.2.0/24' });
  const asDave = { authorization: `Basic ${Buffer.from('CORP\\dave:dave-pass').toString('base64')}` };

  const firstPid = relay.pid;
  await relay.restart();
  assert.notEqual(relay.pid, firstPid);
  assert.doesNotMatch(relay.output(), /Admin token:/, 'the token is printed only on the first start');
  const read = await relay.api('GET', `/v1/virtual-servers/${vs.body.id}`);
  // listener_state is what the running listener reports (starting at create, listening once bound), not stored config.
  const stored = ({ listener_state: _reported, ...config }: Record<string, unknown>) => config;
  assert.deepEqual(stored(read.body), stored(vs.body));
  assert.equal(read.headers.get('etag'), vs.headers.get('etag'));

  await relay.kill9();
  await relay.restart();
  assert.deepEqual((await relay.api('GET', `/v1/virtual-servers/${vs.body.id}/relay-rules/${rule.body.id}`)).body, rule.body);
  assert.equal((await relay.api('GET', `/v1/accounts/${account.body.id}`, undefined, asDave)).status, 200, 'password survives');
  assert.equal((await relay.api('GET', '/v1/audit-log')).body.items.length, 3);
  assert.equal(await relay.stop(), 0, 'SIGTERM is a clean exit');
});

test('SMTP_RELAY_ADMIN_TOKEN replaces the stored admin token on the same data dir', async (t) => {
  const first = await startTestRelay({ mode: 'child-process', adminToken: null });
  t.after(() => first.dispose());
  await first.stop();
  const second = await startTestRelay({ mode: 'child-process', dataDir: first.dataDir, adminToken: 'configured-admin-token-0123456789' });
  t.after(() => second.dispose());
  assert.equal((await second.api('GET', '/v1/virtual-servers')).status, 200);
  assert.equal((await apiClient(second.apiUrl, first.token)('GET', '/v1/virtual-servers')).status, 401);
});

test('bad command lines exit 2 with the usage', () => {
  for (const args of [['relay-service/bin/smtp-relay.mjs', 'bogus'], ['relay-service/bin/smtp-relay.mjs', 'serve', '--api-listen', 'nowhere'],
    ['relay-service/bin/smtp-relay.mjs', 'serve', '--workers', 'many']]) {
    const result = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8', timeout: 20_000 });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /usage: smtp-relay serve|--api-listen must be HOST:PORT|--workers must be a number from 0 to 99 or "auto", got "many"/);
  }
});

test('SIGTERM is logged with every shutdown step, so a stop reads differently from a crash', async (t) => {
  const relay = await startTestRelay({ mode: 'child-process', logLevel: 'info' });
  t.after(() => relay.dispose());
  assert.equal(await relay.stop(), 0, 'a clean exit');
  const steps = ['"reason":"SIGTERM"', 'relay stopping', 'SMTP listeners closed', 'management API closed', 'stores closed; relay stopped'];
  const at = steps.map((step) => relay.output().indexOf(step));
  assert.ok(at.every((i) => i >= 0), `every step is logged:\n${relay.output()}`);
  assert.deepEqual([...at.slice(1)].sort((a, b) => a - b), at.slice(1), 'in the order they happen');
});
