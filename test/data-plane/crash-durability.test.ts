// The non-negotiable end to end: mail the relay answered 250 survives kill -9 of the relay and is delivered after the restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import nodemailer from 'nodemailer';
import { freePort } from '../support/free-port.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { waitForListener } from './wait-for-listener.ts';

test('messages acknowledged with 250 survive kill -9 mid-delivery and are delivered right after the restart', async (t) => {
  const relay = await startTestRelay({ mode: 'child-process' });
  t.after(() => relay.dispose());
  const sinkPort = await freePort();
  const port = await freePort();
  // The smart host accepts connections and never answers: the relay's deliveries hang with their messages claimed.
  const held = new Set<Socket>();
  const blackhole = createServer((socket) => { held.add(socket); socket.on('error', () => undefined); });
  await new Promise<void>((resolve) => blackhole.listen(sinkPort, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => { held.forEach((s) => s.destroy()); blackhole.close(resolve); }));
  const created = await relay.api('POST', '/v1/virtual-servers', {
    name: 'durable', port, relay_control: { mode: 'all_except_listed' },
    delivery: { smart_host: '127.0.0.1', smart_host_port: sinkPort, retry_intervals_minutes: [0.02] },
  });
  assert.equal(created.status, 201, created.text);
  await waitForListener(port);
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true, pool: true, maxConnections: 4 });
  const sent = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    transport.sendMail({ from: 'a@sender.test', to: `r${i}@far.test`, subject: `durable ${i}`, text: 'must not be lost' })));
  transport.close();
  assert.ok(sent.every((info) => /^250 2\.0\.0 Ok: queued as /.test(info.response)));
  const deadline = Date.now() + 5000;
  while (held.size === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.ok(held.size > 0, 'delivery was in progress when the relay died');

  await relay.kill9();
  held.forEach((s) => s.destroy());
  await new Promise((resolve) => blackhole.close(resolve));
  const sink = await startSmtpSink({ port: sinkPort });
  t.after(() => sink.stop());
  const restarted = Date.now();
  await relay.restart();
  // The restarted node takes its claims back at once instead of waiting out their 60 s leases.
  const delivered = await sink.waitFor(20, 15_000);
  assert.deepEqual(delivered.flatMap((m) => m.to).sort(), Array.from({ length: 20 }, (_, i) => `r${i}@far.test`).sort());
  t.diagnostic(`all 20 delivered ${Date.now() - restarted} ms after the restart began`);
});
