// Relay control through real listeners: a fresh server is no open relay, relay modes, allow_authenticated, allow_incoming_relay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import nodemailer from 'nodemailer';
import { freePort } from '../support/free-port.ts';
import { operatedRelay } from '../support/operated-relay.ts';
import { SmtpDialog } from './smtp-dialog.ts';
import { serverReplies, swaks } from './swaks.ts';
import { waitForListener } from './wait-for-listener.ts';

const password = 'relay-test-password';

const fx = operatedRelay({}, async ({ operator }) => {
  await operator.createAccount('carol', 'CORP', password);
});

async function server(fields: Record<string, unknown> = {}) {
  const port = await freePort();
  const vs = await fx.operator.createServer({ name: `relay-${port}`, port, ...fields });
  await waitForListener(port);
  return { port, vs };
}

/** RCPT replies for each recipient in one transaction from `from`. */
async function rcptReplies(port: number, from: string, recipients: string[]): Promise<string[]> {
  const { dialog } = await SmtpDialog.open('127.0.0.1', port, from);
  try {
    await dialog.command('EHLO client.test');
    assert.equal((await dialog.command('MAIL FROM:<a@sender.test>')).code, 250);
    const replies: string[] = [];
    for (const r of recipients) replies.push((await dialog.command(`RCPT TO:<${r}>`)).line);
    return replies;
  } finally {
    dialog.close();
  }
}

const anonymousSend = (port: number, localAddress: string, to: string) =>
  nodemailer.createTransport({ host: '127.0.0.1', port, localAddress, ignoreTLS: true }).sendMail({ from: 'a@sender.test', to, text: 'relay test' });

test('a fresh virtual server with defaults is not an open relay', async () => {
  const port = await freePort();
  const created = await fx.relay.api('POST', '/v1/virtual-servers', { name: 'fresh', port });
  assert.equal(created.status, 201, created.text);
  await waitForListener(port);
  const result = await swaks(`127.0.0.1:${port}`, ['--local-interface', '127.0.0.7', '--from', 'a@sender.test', '--to', 'victim@far.test']);
  assert.ok(serverReplies(result).includes('550 5.7.1 Unable to relay'), result.transcript);
  await assert.rejects(anonymousSend(port, '127.0.0.8', 'victim@far.test'), (err: any) => err.responseCode === 550 && /5\.7\.1 Unable to relay/.test(err.response));
  const check = await fx.relay.api('POST', '/v1/relay-check', { virtual_server_id: created.body.id, client_ip: '127.0.0.7', authenticated_as: null, sender: 'a@sender.test', recipient: 'victim@far.test' });
  assert.deepEqual(check.body, { decision: 'reject', smtp_code: 550, enhanced_status: '5.7.1', reason: 'Unable to relay' });
  const metrics = (await fx.relay.api('GET', '/metrics')).text;
  assert.ok(Number(/^smtp_rejected_total\{reason="relay_denied"\} (\d+)$/m.exec(metrics)?.[1]) >= 2, 'refusals are counted by reason');
  assert.ok(Number(/^smtp_connections_total (\d+)$/m.exec(metrics)?.[1]) >= 2, 'connections are counted');
});

test('POST /v1/relay-check and the SMTP listener give the same answers', async () => {
  const { port, vs } = await server({ local_domains: ['corp.test'] });
  await fx.operator.addRule('relay-rules', vs.id, { ip_address: '127.0.0.2', subnet_mask: '255.255.255.254' });
  await fx.operator.addRemoteDomain(vs.id, { name: '*.partner.test', allow_incoming_relay: true });
  for (const client of ['127.0.0.2', '127.0.0.3', '127.0.0.4']) {
    const recipients = ['bob@corp.test', 'x@far.test', 'x@a.partner.test', 'x%far.test@corp.test'];
    const smtp = await rcptReplies(port, client, recipients);
    for (const [i, recipient] of recipients.entries()) {
      const check = (await fx.relay.api('POST', '/v1/relay-check', { virtual_server_id: vs.id, client_ip: client, authenticated_as: null, sender: 'a@sender.test', recipient })).body;
      assert.equal(smtp[i].slice(0, 9), check.decision === 'accept' ? '250 2.1.5' : `${check.smtp_code} ${check.enhanced_status}`, `${client} -> ${recipient}`);
    }
  }
});

test('open-relay tricks against a local domain are refused; a local recipient in upper case is not', async () => {
  const { port } = await server({ local_domains: ['corp.test'] });
  const relaying = ['victim%far.test@corp.test', 'far.test!victim@corp.test', 'victim@[127.0.0.1]', '@corp.test:victim@far.test'];
  const malformed = ['"victim@far.test"@corp.test', 'victim@far.test.', 'victim@far.test@corp.test'];
  assert.deepEqual(await rcptReplies(port, '127.0.0.7', [...relaying, ...malformed, 'Bob@CORP.TEST']), [
    ...relaying.map(() => '550 5.7.1 Unable to relay'),
    ...malformed.map(() => '501 5.1.3 Error: Bad recipient address syntax'),
    '250 2.1.5 Accepted',
  ]);
});

test('only_listed relays for listed clients, and the mail reaches the smart host', async () => {
  const { port, vs } = await server();
  await fx.operator.addRule('relay-rules', vs.id, { ip_address: '127.0.0.2' });
  const info = await anonymousSend(port, '127.0.0.2', 'listed@far.test');
  assert.match(info.response, /^250 2\.0\.0 Ok: queued as /);
  const delivered = await fx.sink.waitFor(1, 10_000);
  assert.ok(delivered.some((m) => m.to.includes('listed@far.test') && /^Received: from /m.test(m.raw.toString())));
  await assert.rejects(anonymousSend(port, '127.0.0.3', 'x@far.test'), (err: any) => err.responseCode === 550);
});

test('all_except_listed relays for everyone except listed clients', async () => {
  const { port, vs } = await server({ relay_control: { mode: 'all_except_listed' } });
  await fx.operator.addRule('relay-rules', vs.id, { cidr: '127.0.0.2/32' });
  assert.deepEqual(await rcptReplies(port, '127.0.0.2', ['x@far.test']), ['550 5.7.1 Unable to relay']);
  assert.deepEqual(await rcptReplies(port, '127.0.0.3', ['x@far.test']), ['250 2.1.5 Accepted']);
});

test('allow_authenticated lets authenticated clients relay, and only while it is on', async () => {
  const { port, vs } = await server({ authentication: { anonymous: true, basic: true, basic_default_domain: 'CORP' } });
  const authSend = () => nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true, auth: { user: 'carol', pass: password } })
    .sendMail({ from: 'carol@corp.test', to: 'x@far.test', text: 'authenticated relay' });
  assert.match((await authSend()).response, /^250 /);
  await fx.operator.patchServer(vs.id, { relay_control: { allow_authenticated: false } });
  await assert.rejects(authSend(), (err: any) => err.responseCode === 550);
  const result = await swaks(`127.0.0.1:${port}`, ['--auth', 'PLAIN', '--auth-user', 'carol', '--auth-password', password, '--from', 'carol@corp.test', '--to', 'x@far.test']);
  assert.ok(serverReplies(result).includes('550 5.7.1 Unable to relay'), result.transcript);
});

test('remote domains with allow_incoming_relay accept anonymous mail for themselves (exact and *.suffix)', async () => {
  const { port, vs } = await server();
  await fx.operator.addRemoteDomain(vs.id, { name: 'partner.test', allow_incoming_relay: true });
  await fx.operator.addRemoteDomain(vs.id, { name: '*.wild.test', allow_incoming_relay: true });
  await fx.operator.addRemoteDomain(vs.id, { name: 'closed.test', allow_incoming_relay: false });
  assert.deepEqual(await rcptReplies(port, '127.0.0.7', ['x@partner.test', 'x@a.wild.test', 'x@wild.test', 'x@closed.test', 'x@sub.partner.test']),
    ['250 2.1.5 Accepted', '250 2.1.5 Accepted', '550 5.7.1 Unable to relay', '550 5.7.1 Unable to relay', '550 5.7.1 Unable to relay']);
  const result = await swaks(`127.0.0.1:${port}`, ['--local-interface', '127.0.0.7', '--from', 'a@sender.test', '--to', 'x@a.wild.test']);
  assert.ok(serverReplies(result).some((l) => /^250 2\.0\.0 Ok: queued as /.test(l)), result.transcript);
});
