// Rate limits across the worker processes of one node (--workers 2, SQLite): the shared counters file and the
// primary's connection counts hold the limits over both workers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../support/free-port.ts';
import { relayOperator } from '../support/relay-operator.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { counterTotal, oneMessage, windowWithRoom } from './rate-limit-client.ts';
import { SmtpDialog } from './smtp-dialog.ts';
import { waitForListener } from './wait-for-listener.ts';

const windowMs = 30_000;

test('two workers: 12 messages from one IP on 12 parallel connections, 5 accepted; connections per IP counted over both workers', async (t) => {
  const relay = await startTestRelay({ mode: 'child-process', workers: 2, rateWindowSeconds: windowMs / 1000 });
  t.after(() => relay.dispose());
  const operator = relayOperator(relay.api);
  const port = await freePort();
  const vs = await operator.createServer({ name: 'rate-cluster', port, local_domains: ['corp.test'], rate_limits: { messages_per_minute_per_client_ip: 5 } });
  const connPort = await freePort();
  const connVs = await operator.createServer({ name: 'conn-cluster', port: connPort, limits: { max_connections_per_ip: 3 } });
  // Worker start-up through tsx on a busy machine takes a while; both workers bind the ports.
  await waitForListener(port, '127.0.0.1', 60_000);
  await waitForListener(connPort, '127.0.0.1', 60_000);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await windowWithRoom(windowMs, 20_000);
  const results = await Promise.all(Array.from({ length: 12 }, () => oneMessage(port, '127.0.0.2', 'a@sender.test', 'bob@corp.test')));
  for (const r of results) if (!r.accepted) assert.match(r.mail.line, /^451 4\.7\.1 rate limit: 5 messages per minute per client 127\.0\.0\.2 reached/);
  assert.equal(results.filter((r) => r.accepted).length, 5, `accepted ${results.filter((r) => r.accepted).length} of 12`);
  assert.equal((await oneMessage(port, '127.0.0.3', 'a@sender.test', 'bob@corp.test')).accepted, true, 'another IP');

  const held = await Promise.all(Array.from({ length: 3 }, () => SmtpDialog.open('127.0.0.1', connPort, '127.0.0.4')));
  try {
    assert.deepEqual(held.map((h) => h.greeting.code), [220, 220, 220]);
    for (let i = 0; i < 4; i++) {
      const over = await SmtpDialog.open('127.0.0.1', connPort, '127.0.0.4');
      assert.match(over.greeting.line, /^421 4\.7\.0 Too many connections from 127\.0\.0\.4/, `attempt ${i} (either worker may take it)`);
      over.dialog.close();
    }
  } finally {
    held.forEach((h) => h.dialog.close());
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const again = await SmtpDialog.open('127.0.0.1', connPort, '127.0.0.4');
  assert.equal(again.greeting.code, 220, 'closed connections are uncounted in the primary');
  again.dialog.close();
  const metrics = (await relay.api('GET', '/metrics', undefined, { authorization: '' })).text;
  assert.equal(counterTotal(metrics, 'smtp_rate_limited_total', { virtual_server: vs.id, dimension: 'messages_per_client_ip' }), 7);
  assert.equal(counterTotal(metrics, 'smtp_rate_limited_total', { virtual_server: connVs.id, dimension: 'connections_per_client_ip' }), 4);
});
