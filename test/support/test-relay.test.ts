// startTestRelay in both modes: the options reach the relay, restart keeps data and port, mode-only members and options are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestRelay } from './test-relay.ts';

test('in process: node id, API and stores; restart keeps the data and the API port; dispose removes the temp dir', async (t) => {
  const relay = await startTestRelay({ nodeId: 'node-in-process' });
  t.after(() => relay.dispose());
  assert.equal(relay.mode, 'in-process');
  assert.equal(relay.nodeId, 'node-in-process');
  const created = await relay.api('POST', '/v1/virtual-servers', { name: 'kept', port: 2672 });
  assert.equal(created.status, 201, created.text);
  assert.equal((await relay.handles().store.get('virtual_server', created.body.id))?.doc.name, 'kept');
  assert.throws(() => relay.pid, /pid is not available for a relay started with mode 'in-process'/);
  assert.throws(() => relay.output(), /output\(\) is not available .* 'in-process'/);
  assert.throws(() => relay.kill9(), /kill9\(\) is not available .* 'in-process'/);

  const apiUrl = relay.apiUrl;
  await relay.restart();
  const read = await relay.api('GET', `/v1/virtual-servers/${created.body.id}`);
  assert.equal(read.status, 200, `the same URL (${apiUrl}) answers after the restart: ${read.text}`);
  const { listener_state: _after, ...stored } = read.body;
  const { listener_state: _before, ...written } = created.body;
  assert.deepEqual(stored, written, 'the stored server (its listener state is live, not stored)');

  await relay.dispose();
  assert.equal(existsSync(relay.dataDir), false, 'the temp data dir is gone');
  assert.throws(() => relay.handles(), /handles\(\) of a stopped relay/);
});

test('child process: node id, shared secret key and PID; a generated admin token is read back; options only in process are refused', async (t) => {
  await assert.rejects(startTestRelay({ mode: 'child-process', dnsServers: ['127.0.0.1:53'] }), /dnsServers .* mode 'child-process'/);
  await assert.rejects(startTestRelay({ env: { SMTP_RELAY_WORKERS: '2' } }), /env .* mode 'in-process'/);

  const secretKey = randomBytes(32).toString('base64');
  const relay = await startTestRelay({ mode: 'child-process', nodeId: 'node-child', secretKey, adminToken: null });
  t.after(() => relay.dispose());
  assert.equal(relay.nodeId, 'node-child');
  assert.equal(readFileSync(join(relay.dataDir, 'secret.key'), 'utf8').trim(), secretKey);
  assert.match(relay.token, /^srt_/, 'the token the relay generated');
  assert.equal((await relay.api('GET', '/v1/virtual-servers')).status, 200);
  assert.ok(relay.pid > 0 && relay.pid !== process.pid);
  assert.match(relay.output(), /Admin token: srt_/);
  assert.throws(() => relay.handles(), /handles\(\) is not available .* 'child-process'/);
  assert.equal(await relay.stop(), 0, 'SIGTERM is a clean exit');
});
