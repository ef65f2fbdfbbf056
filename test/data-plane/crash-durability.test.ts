// The non-negotiable end to end: mail the relay answered 250 survives kill -9 of the relay and is delivered after the restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import nodemailer from 'nodemailer';
import { freePort } from '../support/free-port.ts';
import { startRelayProcess } from '../support/relay-process.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { waitForListener } from './wait-for-listener.ts';

test('messages acknowledged with 250 survive kill -9 of the relay process and are delivered after restart', async (t) => {
  const relay = await startRelayProcess();
  t.after(() => relay.dispose());
  const sinkPort = await freePort();
  const port = await freePort();
  const created = await relay.api('POST', '/v1/virtual-servers', {
    name: 'durable', port, relay_control: { mode: 'all_except_listed' },
    // The smart host is down while mail arrives, so everything waits in the queue.
    delivery: { smart_host: '127.0.0.1', smart_host_port: sinkPort, retry_intervals_minutes: [0.02] },
  });
  assert.equal(created.status, 201, created.text);
  await waitForListener(port);
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true, pool: true, maxConnections: 4 });
  const sent = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    transport.sendMail({ from: 'a@sender.test', to: `r${i}@far.test`, subject: `durable ${i}`, text: 'must not be lost' })));
  transport.close();
  assert.ok(sent.every((info) => /^250 2\.0\.0 Ok: queued as /.test(info.response)));

  await relay.kill9();
  await relay.restart();
  const sink = await startSmtpSink({ port: sinkPort });
  t.after(() => sink.stop());
  const delivered = await sink.waitFor(20, 20_000);
  assert.deepEqual(delivered.flatMap((m) => m.to).sort(), Array.from({ length: 20 }, (_, i) => `r${i}@far.test`).sort());
});
