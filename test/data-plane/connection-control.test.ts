// Connection control through real listeners: both modes, all four match forms, IPv6, reverse DNS via fake DNS.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import nodemailer from 'nodemailer';
import { freePort } from '../support/free-port.ts';
import { startFakeDns, type FakeDns } from '../support/fake-dns.ts';
import { operatedRelay } from '../support/operated-relay.ts';
import { SmtpDialog } from './smtp-dialog.ts';
import { serverReplies, swaks } from './swaks.ts';
import { waitForListener } from './wait-for-listener.ts';

let dns: FakeDns;

const fx = operatedRelay(async () => {
  dns = await startFakeDns({
    ptr: { '127.0.0.5': 'mail.trusted.test', '127.0.0.6': 'spoof.trusted.test' },
    // 127.0.0.6 claims a trusted name whose A record points elsewhere: not forward-confirmed.
    a: { 'mail.trusted.test': ['127.0.0.5'], 'spoof.trusted.test': ['127.0.0.99'] },
  });
  return { dnsServers: [dns.server] };
});
after(async () => { await dns?.stop(); });

/** Opens a session from `from` and reports the greeting line, and whether the relay hung up. */
async function greet(port: number, from: string, host = '127.0.0.1'): Promise<{ line: string; closed: boolean }> {
  const { dialog, greeting } = await SmtpDialog.open(host, port, from);
  try {
    return { line: greeting.line, closed: greeting.code === 220 ? false : await dialog.waitClosed() };
  } finally {
    dialog.close();
  }
}

test('only_listed admits single IP, IP + mask, CIDR and confirmed domain; refuses the rest with 554 5.7.1', async () => {
  const port = await freePort();
  const vs = await fx.operator.createServer({ name: 'only-listed', port, connection_control: { mode: 'only_listed' } });
  await fx.operator.addRule('connection-rules', vs.id, { ip_address: '127.0.0.2' });
  await fx.operator.addRule('connection-rules', vs.id, { ip_address: '127.0.1.0', subnet_mask: '255.255.255.0' });
  await fx.operator.addRule('connection-rules', vs.id, { cidr: '127.0.2.0/24' });
  await fx.operator.addRule('connection-rules', vs.id, { domain: 'trusted.test' });
  await waitForListener(port);

  // swaks (Perl client) from a listed single IP and from inside the masked group: mail flows (to a refusal at RCPT, no relay).
  for (const from of ['127.0.0.2', '127.0.1.77']) {
    const result = await swaks(`127.0.0.1:${port}`, ['--local-interface', from, '--from', 'a@sender.test', '--to', 'x@far.test']);
    assert.match(serverReplies(result)[0], /^220 /, `${from}: ${result.transcript}`);
    assert.ok(serverReplies(result).includes('550 5.7.1 Unable to relay'), result.transcript);
  }
  // nodemailer from inside the CIDR: the session gets as far as the relay decision.
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, localAddress: '127.0.2.200', ignoreTLS: true });
  await assert.rejects(transport.sendMail({ from: 'a@sender.test', to: 'x@far.test', text: 'hi' }), (err: any) => err.responseCode === 550);
  // Reverse DNS through the fake DNS: PTR + matching A admits; a PTR whose A points elsewhere does not.
  assert.equal((await greet(port, '127.0.0.5')).line.slice(0, 4), '220 ');
  const named = await swaks(`127.0.0.1:${port}`, ['--local-interface', '127.0.0.5', '--from', 'a@sender.test', '--to', 'x@far.test']);
  assert.ok(serverReplies(named).includes('550 5.7.1 Unable to relay'), named.transcript);
  assert.ok(dns.queries.includes('PTR 5.0.0.127.in-addr.arpa'));
  for (const from of ['127.0.0.6', '127.0.0.9', '127.0.3.1']) {
    assert.deepEqual(await greet(port, from), { line: `554 5.7.1 Access denied for ${from}`, closed: true }, from);
  }
  const refused = await swaks(`127.0.0.1:${port}`, ['--local-interface', '127.0.0.9', '--from', 'a@sender.test', '--to', 'x@far.test']);
  assert.notEqual(refused.exitCode, 0);
  assert.ok(serverReplies(refused).includes('554 5.7.1 Access denied for 127.0.0.9'), refused.transcript);
});

test('all_except_listed refuses listed clients only', async () => {
  const port = await freePort();
  const vs = await fx.operator.createServer({ name: 'all-except', port });
  await fx.operator.addRule('connection-rules', vs.id, { ip_address: '127.0.0.2' });
  await fx.operator.addRule('connection-rules', vs.id, { cidr: '127.0.4.0/30' });
  await waitForListener(port);
  assert.equal((await greet(port, '127.0.0.2')).line, '554 5.7.1 Access denied for 127.0.0.2');
  assert.equal((await greet(port, '127.0.4.3')).line, '554 5.7.1 Access denied for 127.0.4.3');
  assert.match((await greet(port, '127.0.4.4')).line, /^220 /);
  assert.match((await greet(port, '127.0.0.3')).line, /^220 /);
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, localAddress: '127.0.0.2', ignoreTLS: true });
  await assert.rejects(transport.sendMail({ from: 'a@sender.test', to: 'x@far.test', text: 'hi' }), (err: any) => /554 5\.7\.1/.test(err.response));
});

test('IPv6: a listener on ::1 matches IPv6 rules', async () => {
  const port = await freePort('::1');
  const vs = await fx.operator.createServer({ name: 'v6', port, bind_address: '::1', connection_control: { mode: 'only_listed' } });
  const ruleId = await fx.operator.addRule('connection-rules', vs.id, { cidr: '::1/128' });
  await waitForListener(port, '::1');
  assert.match((await greet(port, '::1', '::1')).line, /^220 /);
  const result = await swaks(`[::1]:${port}`, ['-6', '--from', 'a@sender.test', '--to', 'x@far.test']);
  assert.ok(serverReplies(result).includes('550 5.7.1 Unable to relay'), result.transcript);
  await fx.operator.deleteRule('connection-rules', vs.id, ruleId);
  assert.equal((await greet(port, '::1', '::1')).line, '554 5.7.1 Access denied for ::1');
});

test('IPv4-mapped: a listener bound to ::ffff:127.0.0.1 sees IPv4 clients as mapped addresses and matches IPv4 rules', async () => {
  const port = await freePort();
  const vs = await fx.operator.createServer({ name: 'mapped', port, bind_address: '::ffff:127.0.0.1' });
  await fx.operator.addRule('connection-rules', vs.id, { ip_address: '127.0.0.2' });
  await fx.operator.addRule('connection-rules', vs.id, { cidr: '127.0.5.0/24' });
  await waitForListener(port);
  assert.equal((await greet(port, '127.0.0.2')).line, '554 5.7.1 Access denied for 127.0.0.2');
  assert.equal((await greet(port, '127.0.5.9')).line, '554 5.7.1 Access denied for 127.0.5.9');
  assert.match((await greet(port, '127.0.0.3')).line, /^220 /);
});
