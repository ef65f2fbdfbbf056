// STARTTLS through real listeners: require_tls before/after STARTTLS, clear-text AUTH only after it, require_128_bit vs old clients.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import nodemailer from 'nodemailer';
import { freePort } from '../support/free-port.ts';
import { operatedRelay } from '../support/operated-relay.ts';
import { SmtpDialog } from './smtp-dialog.ts';
import { serverReplies, swaks } from './swaks.ts';
import { waitForListener } from './wait-for-listener.ts';

let certificateId: string;
const password = 'tls-test-password';

const fx = operatedRelay({}, async ({ operator }) => {
  certificateId = await operator.createCertificate('relay.test');
  await operator.createAccount('bob', 'CORP', password);
});

const plain = (user: string) => Buffer.from(`\0${user}\0${password}`).toString('base64');

test('require_tls: no MAIL and no AUTH before STARTTLS (530 5.7.0); after it AUTH and mail work', async () => {
  const port = await freePort();
  await fx.operator.createServer({ name: 'tls-required', port, authentication: { anonymous: false, basic: true, basic_default_domain: 'CORP' },
    tls: { certificate_id: certificateId, require_tls: true } });
  await waitForListener(port);
  const { dialog } = await SmtpDialog.open('127.0.0.1', port);
  try {
    const plainEhlo = (await dialog.command('EHLO client.test')).text.split('\n');
    assert.ok(plainEhlo.includes('STARTTLS') && !plainEhlo.some((l) => l.startsWith('AUTH')), 'AUTH is not offered before STARTTLS');
    assert.equal((await dialog.command('MAIL FROM:<a@sender.test>')).line, '530 5.7.0 Must issue a STARTTLS command first');
    assert.equal((await dialog.command(`AUTH PLAIN ${plain('bob')}`)).line, '530 5.7.0 Must issue a STARTTLS command first');
    const secure = await dialog.startTls();
    assert.equal(secure.getProtocol(), 'TLSv1.3');
    const secureEhlo = (await dialog.command('EHLO client.test')).text.split('\n');
    assert.ok(!secureEhlo.includes('STARTTLS') && secureEhlo.includes('AUTH PLAIN LOGIN'), secureEhlo.join('|'));
    assert.equal((await dialog.command('MAIL FROM:<a@sender.test>')).line, '530 5.7.0 Authentication required');
    assert.equal((await dialog.command(`AUTH PLAIN ${plain('bob')}`)).line, '235 2.7.0 Authentication successful');
    assert.equal((await dialog.command('MAIL FROM:<bob@corp.test>')).code, 250);
  } finally {
    dialog.close();
  }
  const noTls = await swaks(`127.0.0.1:${port}`, ['--from', 'a@sender.test', '--to', 'x@far.test']);
  assert.ok(serverReplies(noTls).includes('530 5.7.0 Must issue a STARTTLS command first'), noTls.transcript);
  const withTls = await swaks(`127.0.0.1:${port}`, ['--tls', '--auth', 'LOGIN', '--auth-user', 'bob', '--auth-password', password, '--from', 'bob@corp.test', '--to', 'x@far.test']);
  assert.ok(serverReplies(withTls).some((l) => /^250 2\.0\.0 Ok: queued as /.test(l)), withTls.transcript);
  const info = await nodemailer.createTransport({ host: '127.0.0.1', port, requireTLS: true, tls: { rejectUnauthorized: false }, auth: { user: 'CORP\\bob', pass: password } })
    .sendMail({ from: 'bob@corp.test', to: 'x@far.test', text: 'over TLS' });
  assert.match(info.response, /^250 2\.0\.0 Ok: queued as /);
});

test('with TLS available but not required, clear-text AUTH is refused until STARTTLS; anonymous mail is fine', async () => {
  const port = await freePort();
  await fx.operator.createServer({ name: 'tls-optional', port, local_domains: ['corp.test'], authentication: { anonymous: true, basic: true }, tls: { certificate_id: certificateId } });
  await waitForListener(port);
  const { dialog } = await SmtpDialog.open('127.0.0.1', port);
  try {
    await dialog.command('EHLO client.test');
    assert.equal((await dialog.command(`AUTH PLAIN ${plain('CORP\\bob')}`)).line, '530 5.7.0 Must issue a STARTTLS command first');
    assert.equal((await dialog.command('MAIL FROM:<a@sender.test>')).code, 250);
  } finally {
    dialog.close();
  }
});

/** A client that speaks only TLS 1.0/1.1 (legacy ciphers allowed on its side). */
const oldClient = { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' } as const;

async function handshake(port: number, options: object): Promise<{ protocol: string | null; cipher: string } | Error> {
  const { dialog } = await SmtpDialog.open('127.0.0.1', port);
  try {
    await dialog.command('EHLO client.test');
    const socket = await dialog.startTls(options);
    return { protocol: socket.getProtocol(), cipher: socket.getCipher().name };
  } catch (error) {
    return error as Error;
  } finally {
    dialog.close();
  }
}

test('require_128_bit refuses a TLS 1.0/1.1-only client that is accepted when not required', async () => {
  const port = await freePort();
  const vs = await fx.operator.createServer({ name: 'tls-128', port, local_domains: ['corp.test'], tls: { certificate_id: certificateId, require_128_bit: true } });
  await waitForListener(port);
  const versionAlert = (result: unknown) => result instanceof Error && /PROTOCOL_VERSION|unsupported protocol/i.test(`${(result as any).code} ${result.message}`);
  assert.ok(versionAlert(await handshake(port, oldClient)), 'TLS 1.1 client refused');
  assert.ok(versionAlert(await handshake(port, { ...oldClient, maxVersion: 'TLSv1' })), 'TLS 1.0 client refused');
  const modern = await handshake(port, { maxVersion: 'TLSv1.2' });
  assert.ok(!(modern instanceof Error) && modern.protocol === 'TLSv1.2', String(modern));
  assert.match(modern.cipher, /AES128|AES256|AES-128|AES-256|CHACHA20/);

  // swaks (Perl, the system's OpenSSL) limited to TLS 1.0, then 1.1: refused while 128-bit is required.
  const oldSwaks = (protocol: string) => swaks(`127.0.0.1:${port}`,
    ['--tls', '--tls-protocol', protocol, '--tls-cipher', 'DEFAULT:@SECLEVEL=0', '--from', 'a@sender.test', '--to', 'bob@corp.test']);
  for (const protocol of ['tlsv1', 'tlsv1_1']) {
    const refused = await oldSwaks(protocol);
    assert.notEqual(refused.exitCode, 0, refused.transcript);
    assert.ok(!/TLS started/.test(refused.transcript), refused.transcript);
  }

  await fx.operator.patchServer(vs.id, { tls: { require_128_bit: false } });
  // The TLS setting restarts the listener; poll until the old client gets through.
  let old: Awaited<ReturnType<typeof handshake>> = new Error('not tried');
  for (let i = 0; i < 50 && old instanceof Error; i++) {
    await new Promise((r) => setTimeout(r, 20));
    old = await handshake(port, oldClient).catch((e: Error) => e);
  }
  assert.ok(!(old instanceof Error), `old client accepted when not required: ${old}`);
  assert.equal(old.protocol, 'TLSv1.1');
  assert.ok(!((await handshake(port, { ...oldClient, maxVersion: 'TLSv1' })) instanceof Error), 'TLS 1.0 accepted too');
  for (const [protocol, version] of [['tlsv1', 'TLSv1'], ['tlsv1_1', 'TLSv1.1']]) {
    const accepted = await oldSwaks(protocol);
    assert.ok(accepted.transcript.includes(`=== TLS started with cipher ${version}:`), accepted.transcript);
    assert.ok(serverReplies(accepted).some((l) => /^250 2\.0\.0 Ok: queued as /.test(l)), accepted.transcript);
  }
});
