// A listener that cannot bind (port held by another process) is reported failed with EADDRINUSE through the API, /healthz and
// /metrics, is retried with back-off rather than in a tight loop, and comes up once the port is free.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { startTestRelay, type TestRelay } from '../support/test-relay.ts';
import { SmtpDialog } from './smtp-dialog.ts';

let relay: TestRelay;
before(async () => { relay = await startTestRelay({ mode: 'child-process' }); });
after(() => relay?.dispose());

/** A plain TCP listener on 127.0.0.1 and a port the OS picks: the "other process" that holds the port. */
async function holdPort(): Promise<{ port: number; holder: Server }> {
  const holder = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  return { port: (holder.address() as { port: number }).port, holder };
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms\n${relay.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const metric = (text: string, name: string, labels: string) =>
  text.split('\n').find((line) => line.startsWith(`${name}{`) && labels.split(',').every((label) => line.includes(label)));

test('a busy port: failed with EADDRINUSE in the API, healthz degraded, metric 0, a few logged attempts; listening once the port is free', async () => {
  const { port, holder } = await holdPort();
  let held = true;
  after(() => { if (held) holder.close(); });
  const created = Date.now();
  const vs = (await relay.api('POST', '/v1/virtual-servers', { name: 'busy', port })).body;
  assert.ok(vs.id, JSON.stringify(vs));

  const status = await until('status failed', 5000, async () => {
    const body = (await relay.api('GET', `/v1/virtual-servers/${vs.id}/status`)).body;
    return body.listener_state === 'failed' ? body : undefined;
  });
  assert.equal(status.virtual_server_id, vs.id);
  assert.equal(status.enabled, true);
  assert.equal(status.nodes.length, 1);
  const [node] = status.nodes;
  assert.equal(node.state, 'failed');
  assert.equal(node.error.code, 'EADDRINUSE');
  assert.match(node.error.message, new RegExp(`EADDRINUSE.*127\\.0\\.0\\.1:${port}`));
  assert.equal(node.bind_address, '127.0.0.1');
  assert.equal(node.port, port);
  assert.ok(Date.parse(node.since) >= created - 1000 && Date.parse(node.since) <= Date.now(), node.since);
  assert.ok(Date.parse(node.next_attempt_at) > Date.parse(node.since), node.next_attempt_at);
  assert.equal((await relay.api('GET', `/v1/virtual-servers/${vs.id}`)).body.listener_state, 'failed');
  assert.equal((await relay.api('GET', '/v1/virtual-servers')).body.items.find((i: { id: string }) => i.id === vs.id).listener_state, 'failed');

  const health = await relay.api('GET', '/healthz', undefined, { authorization: '' });
  assert.equal(health.status, 200);
  assert.deepEqual(health.body, { status: 'degraded', failed_listeners: 1 });
  const metrics = (await relay.api('GET', '/metrics', undefined, { authorization: '' })).text;
  assert.match(metric(metrics, 'smtp_listener_up', `virtual_server="${vs.id}"`) ?? '', / 0$/);

  // Back-off: attempts after about 1, 2, 4 s. The old loop logged a bind error about eight times a second.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, created + 6000 - Date.now())));
  const attempts = relay.output().split('\n').filter((line) => line.includes('smtp listener could not start') && line.includes(vs.id));
  const errorLines = relay.output().split('\n').filter((line) => line.includes('EADDRINUSE'));
  assert.ok(attempts.length >= 2 && attempts.length <= 5, `${attempts.length} attempts in 6 s:\n${attempts.join('\n')}`);
  assert.equal(errorLines.length, attempts.length, errorLines.join('\n'));
  const failures = metric((await relay.api('GET', '/metrics', undefined, { authorization: '' })).text,
    'smtp_listener_start_failures_total', `virtual_server="${vs.id}",code="EADDRINUSE"`);
  assert.match(failures ?? '', new RegExp(` ${attempts.length}$`), failures);
  const later = (await relay.api('GET', `/v1/virtual-servers/${vs.id}/status`)).body.nodes[0];
  assert.equal(later.since, node.since, 'since stays at the first failure');
  assert.equal(later.failed_attempts, attempts.length);

  await new Promise<void>((resolve) => holder.close(() => resolve()));
  held = false;
  // The next attempt is at most the current pause (8 s after four failures) away.
  await until('status listening', 12_000, async () => {
    const body = (await relay.api('GET', `/v1/virtual-servers/${vs.id}/status`)).body;
    return body.listener_state === 'listening' ? body : undefined;
  });
  const { dialog, greeting } = await SmtpDialog.open('127.0.0.1', port);
  dialog.close();
  assert.match(greeting.line, /^220 /);
  assert.deepEqual((await relay.api('GET', '/healthz', undefined, { authorization: '' })).body, { status: 'ok' });
  const up = (await relay.api('GET', '/metrics', undefined, { authorization: '' })).text;
  assert.match(metric(up, 'smtp_listener_up', `virtual_server="${vs.id}"`) ?? '', / 1$/);
  assert.equal((await relay.api('GET', `/v1/virtual-servers/${vs.id}`)).body.listener_state, 'listening');
});

test('a failing listener moved to a free port is tried at once; disabling it clears the failure', async () => {
  const { port, holder } = await holdPort();
  after(() => holder.close());
  const vs = (await relay.api('POST', '/v1/virtual-servers', { name: 'moved', port })).body;
  await until('status failed', 5000, async () =>
    (await relay.api('GET', `/v1/virtual-servers/${vs.id}/status`)).body.listener_state === 'failed' ? true : undefined);
  const other = await holdPort();
  await new Promise<void>((resolve) => other.holder.close(() => resolve()));
  const moved = Date.now();
  const patched = await relay.api('PATCH', `/v1/virtual-servers/${vs.id}`, { port: other.port });
  assert.equal(patched.status, 200);
  // Not "listening" on the strength of the old port's state: the change has not reached the listener yet.
  assert.equal(patched.body.listener_state, 'starting');
  await until('listening on the new port', 3000, async () =>
    (await relay.api('GET', `/v1/virtual-servers/${vs.id}/status`)).body.listener_state === 'listening' ? true : undefined);
  assert.ok(Date.now() - moved < 3000);

  // Back to the busy port, then disabled: a disabled server has no listener, so nothing failed.
  await relay.api('PATCH', `/v1/virtual-servers/${vs.id}`, { port });
  await until('failed again', 5000, async () =>
    (await relay.api('GET', `/v1/virtual-servers/${vs.id}/status`)).body.listener_state === 'failed' ? true : undefined);
  const disabled = await relay.api('PATCH', `/v1/virtual-servers/${vs.id}`, { enabled: false });
  assert.equal(disabled.body.listener_state, 'disabled');
  assert.deepEqual((await relay.api('GET', `/v1/virtual-servers/${vs.id}/status`)).body.nodes, []);
  await until('healthz ok', 3000, async () =>
    (await relay.api('GET', '/healthz', undefined, { authorization: '' })).body.status === 'ok' ? true : undefined);
});
