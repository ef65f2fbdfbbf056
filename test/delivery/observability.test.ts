// What operators see: one JSON log line per attempt without secrets, and the delivery counters and queue gauge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { register } from 'prom-client';
import { freePort } from '../support/free-port.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { loopbackTls } from '../support/test-ca.ts';
import { startHarness, testMessage } from './support/harness.ts';
import { staticConfig, virtualServer } from './support/static-config.ts';

async function metricValue(name: string, labels: Record<string, string>): Promise<number> {
  const metric = await register.getSingleMetric(name)?.get();
  const match = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return match?.value ?? 0;
}

test('each attempt is logged as JSON with route, remote and outcome, and the outbound password never appears', async (t) => {
  const sink = await startSmtpSink({ tls: loopbackTls().tls, auth: { username: 'relay-o', password: 'Sup3r-Secret-Pw' }, rcptReply: (a) => (a.startsWith('no@') ? '550 5.1.1 unknown' : null) });
  t.after(() => sink.stop());
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } }));
  const vs = virtualServer('vs-log', { delivery: { smart_host: '127.0.0.1', smart_host_port: sink.port, outbound_security: { authentication: 'basic', username: 'relay-o', tls_ca_pem: loopbackTls().caPem } } });
  const h = startHarness(t, staticConfig([vs], [], { 'vs-log': 'Sup3r-Secret-Pw' }), undefined, logger);
  const before = {
    delivered: await metricValue('smtp_delivered_total', { virtual_server_id: 'vs-log' }),
    bounced: await metricValue('smtp_bounced_total', { virtual_server_id: 'vs-log' }),
  };
  const id = await h.submit('vs-log', '', ['yes@far.test', 'no@far.test'], testMessage('', ['yes@far.test'], 'log-1@x.test'));
  await h.gone(id);

  const records = lines.map((l) => JSON.parse(l));
  const attempt = records.find((r) => r.msg === 'delivery attempt');
  assert.ok(attempt, 'an attempt line');
  assert.equal(attempt.queue_id, id);
  assert.equal(attempt.remote, `127.0.0.1:${sink.port}`);
  assert.deepEqual(attempt.outcomes.map((o: { rcpt: string; result: string }) => [o.rcpt, o.result]), [['yes@far.test', 'delivered'], ['no@far.test', 'failed']]);
  assert.ok(records.some((r) => r.msg === 'message attempt recorded' && r.delivered === 1 && r.failed === 1));
  assert.ok(!lines.join('').includes('Sup3r-Secret-Pw'), 'no password in any log line');
  assert.equal(await metricValue('smtp_delivered_total', { virtual_server_id: 'vs-log' }) - before.delivered, 1);
  assert.equal(await metricValue('smtp_bounced_total', { virtual_server_id: 'vs-log' }) - before.bounced, 1);
});

test('smtp_queue_messages reports fresh and deferred mail; smtp_deferred_total counts deferrals', async (t) => {
  const nobodyListens = await freePort();
  const vs = virtualServer('vs-gauge', { delivery: { smart_host: '127.0.0.1', smart_host_port: nobodyListens, retry_intervals_minutes: [60] } });
  const h = startHarness(t, staticConfig([vs]));
  const id = await h.submit('vs-gauge', 'a@x.test', ['b@y.test'], testMessage('a@x.test', ['b@y.test'], 'gauge-1@x.test'));
  await h.deferred(id);
  assert.equal(await metricValue('smtp_queue_messages', { state: 'deferred' }), 1);
  assert.equal(await metricValue('smtp_queue_messages', { state: 'fresh' }), 0);
  assert.ok(await metricValue('smtp_deferred_total', { virtual_server_id: 'vs-gauge' }) >= 1);
  assert.match(await register.metrics(), /^smtp_queue_messages\{state="deferred"\} 1$/m);
});
