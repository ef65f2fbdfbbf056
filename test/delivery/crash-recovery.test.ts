// Queued mail survives kill -9 of the relay process and is delivered by the restarted relay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import nodemailer from 'nodemailer';
import { freePort } from '../support/free-port.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { testMessage } from './support/harness.ts';

test('a deferred message is delivered exactly once by the relay restarted after kill -9', async (t) => {
  const relay = await startTestRelay({ mode: 'child-process' });
  t.after(() => relay.dispose());
  const sinkPort = await freePort();
  const smtpPort = await freePort();
  const created = await relay.api('POST', '/v1/virtual-servers', {
    name: 'crash', port: smtpPort, delivery: { smart_host: '127.0.0.1', smart_host_port: sinkPort, retry_intervals_minutes: [0.01] },
  });
  assert.equal(created.status, 201, created.text);
  assert.equal((await relay.api('POST', `/v1/virtual-servers/${created.body.id}/relay-rules`, { ip_address: '127.0.0.1' })).status, 201);

  const client = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, ignoreTLS: true });
  let info: { response: string } | null = null;
  for (let i = 0; i < 100 && !info; i++) {
    info = await client.sendMail({ envelope: { from: 'a@client.test', to: ['b@far.test'] }, raw: testMessage('a@client.test', ['b@far.test'], 'crash-1@client.test') })
      .catch(() => new Promise<null>((r) => setTimeout(() => r(null), 50)));
  }
  assert.match(info?.response ?? '', /^250 /);
  const id = /queued as (\S+)/.exec(info!.response)![1];
  for (let i = 0; i < 200; i++) {
    const m = await relay.api('GET', `/v1/queue/${id}`);
    if (m.body?.state === 'deferred') break;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.equal((await relay.api('GET', `/v1/queue/${id}`)).body.state, 'deferred');

  await relay.kill9();
  const sink = await startSmtpSink({ port: sinkPort });
  t.after(() => sink.stop());
  await relay.restart();
  await sink.waitFor(1, 15_000);
  for (let i = 0; i < 200 && (await relay.api('GET', `/v1/queue/${id}`)).status !== 404; i++) await new Promise((r) => setTimeout(r, 25));
  assert.equal((await relay.api('GET', `/v1/queue/${id}`)).status, 404);
  assert.equal(sink.countOf('crash-1@client.test'), 1);
});
