// Configuration changes reach running listeners within a second, without dropping sessions in progress.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { freePort } from '../support/free-port.ts';
import { operatedRelay } from '../support/operated-relay.ts';
import { SmtpDialog } from './smtp-dialog.ts';
import { serverReplies, swaks } from './swaks.ts';
import { waitForClosed, waitForListener } from './wait-for-listener.ts';

const fx = operatedRelay();

async function greeting(port: number, from: string): Promise<string> {
  const { dialog, greeting } = await SmtpDialog.open('127.0.0.1', port, from);
  dialog.close();
  return greeting.line;
}

test('a connection rule added, then removed, applies to the next connection within 1 s', async () => {
  const port = await freePort();
  const vs = await fx.operator.createServer({ name: 'live-rules', port });
  await waitForListener(port);
  assert.match(await greeting(port, '127.0.0.2'), /^220 /);
  const added = Date.now();
  const ruleId = await fx.operator.addRule('connection-rules', vs.id, { ip_address: '127.0.0.2' });
  assert.equal(await greeting(port, '127.0.0.2'), '554 5.7.1 Access denied for 127.0.0.2');
  assert.ok(Date.now() - added < 1000, `took ${Date.now() - added} ms`);
  const refused = await swaks(`127.0.0.1:${port}`, ['--local-interface', '127.0.0.2', '--from', 'a@sender.test', '--to', 'x@far.test']);
  assert.ok(serverReplies(refused).includes('554 5.7.1 Access denied for 127.0.0.2'), refused.transcript);
  await fx.operator.deleteRule('connection-rules', vs.id, ruleId);
  assert.match(await greeting(port, '127.0.0.2'), /^220 /);
});

test('a session in progress keeps its rules; a relay setting change applies to the next session', async () => {
  const port = await freePort();
  const vs = await fx.operator.createServer({ name: 'live-session', port, relay_control: { mode: 'all_except_listed' } });
  await waitForListener(port);
  const { dialog } = await SmtpDialog.open('127.0.0.1', port);
  try {
    await dialog.command('EHLO client.test');
    await dialog.command('MAIL FROM:<a@sender.test>');
    await fx.operator.patchServer(vs.id, { relay_control: { mode: 'only_listed' } });
    assert.equal((await dialog.command('RCPT TO:<x@far.test>')).code, 250, 'the open session keeps the rules it started with');
  } finally {
    dialog.close();
  }
  const next = await SmtpDialog.open('127.0.0.1', port);
  try {
    await next.dialog.command('EHLO client.test');
    await next.dialog.command('MAIL FROM:<a@sender.test>');
    assert.equal((await next.dialog.command('RCPT TO:<x@far.test>')).line, '550 5.7.1 Unable to relay');
  } finally {
    next.dialog.close();
  }
});

test('a port change moves the listener within 1 s and lets a message in DATA finish', async () => {
  const [oldPort, newPort] = [await freePort(), await freePort()];
  const vs = await fx.operator.createServer({ name: 'live-port', port: oldPort, local_domains: ['corp.test'] });
  await waitForListener(oldPort);
  const { dialog } = await SmtpDialog.open('127.0.0.1', oldPort);
  try {
    await dialog.command('EHLO client.test');
    await dialog.command('MAIL FROM:<a@sender.test>');
    await dialog.command('RCPT TO:<bob@corp.test>');
    assert.equal((await dialog.command('DATA')).code, 354);
    const changed = Date.now();
    await fx.operator.patchServer(vs.id, { port: newPort });
    await waitForListener(newPort, '127.0.0.1', 1000);
    await waitForClosed(oldPort, '127.0.0.1', 1000);
    assert.ok(Date.now() - changed < 1000, `listener moved in ${Date.now() - changed} ms`);
    assert.match((await dialog.send('Subject: in flight\r\n\r\nsurvives the restart\r\n.\r\n')).line, /^250 2\.0\.0 Ok: queued as /);
  } finally {
    dialog.close();
  }
  assert.match(await greeting(newPort, '127.0.0.1'), /^220 /);
});

test('disabling a virtual server closes its listener, enabling opens it again, deleting closes it', async () => {
  const port = await freePort();
  const vs = await fx.operator.createServer({ name: 'live-enable', port });
  await waitForListener(port);
  await fx.operator.patchServer(vs.id, { enabled: false });
  assert.ok(await waitForClosed(port, '127.0.0.1', 1000) < 1000);
  await fx.operator.patchServer(vs.id, { enabled: true });
  assert.ok(await waitForListener(port, '127.0.0.1', 1000) < 1000);
  assert.equal((await fx.relay.api('DELETE', `/v1/virtual-servers/${vs.id}`)).status, 204);
  assert.ok(await waitForClosed(port, '127.0.0.1', 1000) < 1000, 'deleting closes it too');
});

test('authentication and limits change without a restart: the next session sees them', async () => {
  const port = await freePort();
  const vs = await fx.operator.createServer({ name: 'live-auth', port });
  await waitForListener(port);
  await fx.operator.patchServer(vs.id, { authentication: { anonymous: false, basic: true }, limits: { max_message_size_kb: 1 } });
  const { dialog } = await SmtpDialog.open('127.0.0.1', port);
  try {
    const ehlo = (await dialog.command('EHLO client.test')).text.split('\n');
    assert.ok(ehlo.includes('AUTH PLAIN LOGIN') && ehlo.includes('SIZE 1024'), ehlo.join('|'));
    assert.equal((await dialog.command('MAIL FROM:<a@sender.test>')).line, '530 5.7.0 Authentication required');
  } finally {
    dialog.close();
  }
});

test('a port taken by another process is retried: the listener comes up once the port is free', async () => {
  const port = await freePort();
  const squatter = createServer((socket) => socket.end('squatter\r\n'));
  await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
  try {
    await fx.operator.createServer({ name: 'live-busy-port', port });
    // Longer than the listener's own bind retries (about 1 s): only the manager's later retry can succeed.
    await new Promise((r) => setTimeout(r, 1500));
  } finally {
    await new Promise((resolve) => squatter.close(resolve));
  }
  await waitForListener(port, '127.0.0.1', 8000);
  assert.match(await greeting(port, '127.0.0.1'), /^220 /);
});
