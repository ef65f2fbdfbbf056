// Cluster mode (SMTP_RELAY_WORKERS=2): workers share the queue and deliver each message once, follow config changes,
// report through the primary's /metrics, are replaced when one dies, and die with the primary (kill -9) so a restart gets the same ports back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import nodemailer from 'nodemailer';
import { freePort } from '../support/free-port.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { SmtpDialog } from './smtp-dialog.ts';
import { waitForListener } from './wait-for-listener.ts';
import { processAlive } from '../support/process-alive.ts';

/** PIDs of the data-plane workers among the direct children of `pid`. */
function workersOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n')
      .filter((line) => line.includes('worker-main')).map((line) => Number(line.trim().split(' ')[0]));
  } catch {
    return [];
  }
}

/** Sum of a metric's samples in Prometheus text. */
function total(metrics: string, name: string): number {
  return [...metrics.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce((sum, m) => sum + Number(m[1]), 0);
}

/**
 * The bound of every wait below: each ends as soon as what it waits for happened (a second or two on a quiet machine),
 * but with two workers, a primary and the sink on 2 CPUs loaded to 20 and more, starts and deliveries have taken well
 * over the 5 to 15 s these waits once had.
 */
const patienceMs = 60_000;

async function sendMany(port: number, count: number, tag: string): Promise<void> {
  // One connection per message (no pool), so the kernel spreads them over the workers waiting in accept.
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true });
  const sent = await Promise.all(Array.from({ length: count }, (_, i) =>
    transport.sendMail({ from: 'a@sender.test', to: `r${i}@far.test`, subject: `${tag} ${i}`, text: 'cluster', messageId: `<${tag}-${i}@sender.test>` })));
  assert.ok(sent.every((info) => /^250 2\.0\.0 Ok: queued as /.test(info.response)));
}

test('two workers: each message delivered once, config changes reach both, /metrics counts both, a dead worker is replaced, kill -9 of the primary leaves no worker', async (t) => {
  const relay = await startTestRelay({ mode: 'child-process', workers: 2 });
  t.after(() => relay.dispose());
  const sink = await startSmtpSink();
  t.after(() => sink.stop());
  const port = await freePort();
  const created = await relay.api('POST', '/v1/virtual-servers', {
    name: 'cluster', port, relay_control: { mode: 'all_except_listed' },
    delivery: { smart_host: '127.0.0.1', smart_host_port: sink.port },
  });
  assert.equal(created.status, 201, created.text);
  await waitForListener(port, '127.0.0.1', patienceMs);
  const workers = workersOf(relay.pid);
  assert.equal(workers.length, 2, `workers of ${relay.pid}: ${workers.join(' ')}`);
  // The primary asks both workers (IPC) for their listener states; the second may still be binding.
  let status: any;
  for (const deadline = Date.now() + patienceMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    status = (await relay.api('GET', `/v1/virtual-servers/${created.body.id}/status`)).body;
    if (status.listener_state === 'listening') break;
  }
  assert.deepEqual(status.nodes.map((n: { node_id: string; state: string }) => [n.node_id.split('/')[1], n.state]).sort(),
    [['0', 'listening'], ['1', 'listening']], `both workers listening within ${patienceMs} ms: ${JSON.stringify(status)}`);
  assert.equal(status.listener_state, 'listening');

  await sendMany(port, 40, 'first');
  await sink.waitFor(40, patienceMs);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(sink.messages.length, 40, 'nothing delivered twice, also after a grace period');
  for (let i = 0; i < 40; i++) assert.equal(sink.countOf(`<first-${i}@sender.test>`), 1);
  const metrics = (await relay.api('GET', '/metrics', undefined, { authorization: '' })).text;
  assert.equal(total(metrics, 'smtp_messages_accepted_total'), 40);
  assert.equal(total(metrics, 'smtp_delivered_total'), 40);
  assert.equal(total(metrics, 'smtp_queue_messages'), 0);
  assert.match(metrics, /^smtp_relay_api_requests_total\{/m, 'the primary\'s own metrics are there too');

  // A relay setting change: every worker refuses relaying on the next session, within a second.
  const changed = Date.now();
  assert.equal((await relay.api('PATCH', `/v1/virtual-servers/${created.body.id}`, { relay_control: { mode: 'only_listed' } })).status, 200);
  for (let i = 0; i < 6; i++) {
    const { dialog } = await SmtpDialog.open('127.0.0.1', port);
    try {
      await dialog.command('EHLO client.test');
      await dialog.command('MAIL FROM:<a@sender.test>');
      assert.equal((await dialog.command('RCPT TO:<x@far.test>')).line, '550 5.7.1 Unable to relay');
    } finally {
      dialog.close();
    }
  }
  assert.ok(Date.now() - changed < 1000, `took ${Date.now() - changed} ms`);
  assert.equal((await relay.api('PATCH', `/v1/virtual-servers/${created.body.id}`, { relay_control: { mode: 'all_except_listed' } })).status, 200);

  // A worker that dies is replaced; the other one keeps serving meanwhile.
  process.kill(workers[0], 'SIGKILL');
  const respawnBy = Date.now() + patienceMs;
  while (!(workersOf(relay.pid).length === 2 && !workersOf(relay.pid).includes(workers[0])) && Date.now() < respawnBy) await new Promise((r) => setTimeout(r, 100));
  const replaced = workersOf(relay.pid);
  assert.equal(replaced.length, 2, `a replacement worker within ${patienceMs} ms; workers after one died: ${replaced.join(' ')}`);
  await sendMany(port, 4, 'respawned');
  await sink.waitFor(44, patienceMs);
  workers.splice(0, workers.length, ...replaced);

  await relay.kill9();
  const deadline = Date.now() + patienceMs;
  while (workers.some(processAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(workers.filter(processAlive), [], `workers exit with their primary (waited up to ${patienceMs} ms)`);
  await relay.restart();
  await waitForListener(port, '127.0.0.1', patienceMs).catch((error: Error) => { throw new Error(`${error.message}\n${relay.output()}`); });
  await sendMany(port, 4, 'after');
  await sink.waitFor(48, patienceMs);
  assert.equal(workersOf(relay.pid).length, 2);
});
