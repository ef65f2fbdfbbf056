// Inbound authentication through real listeners: anonymous off, basic with default domain, CRAM-MD5, XOAUTH2, throttling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import nodemailer from 'nodemailer';
import { freePort } from '../support/free-port.ts';
import { operatedRelay } from '../support/operated-relay.ts';
import { SmtpDialog } from './smtp-dialog.ts';
import { serverReplies, swaks } from './swaks.ts';
import { waitForListener } from './wait-for-listener.ts';

let aliceId: string;
const password = 'correct horse battery staple';

const fx = operatedRelay({}, async ({ operator }) => {
  aliceId = await operator.createAccount('alice', 'CORP', password);
});

async function server(authentication: Record<string, unknown>): Promise<number> {
  const port = await freePort();
  await fx.operator.createServer({ name: `auth-${port}`, port, authentication });
  await waitForListener(port);
  return port;
}

const send = (port: number, auth: object, localAddress = '127.0.0.1') => nodemailer
  .createTransport({ host: '127.0.0.1', port, localAddress, ignoreTLS: true, auth } as any)
  .sendMail({ from: 'alice@corp.test', to: 'someone@far.test', text: 'relayed after AUTH' });

test('anonymous off: MAIL before AUTH gets 530 5.7.0; only the enabled mechanisms are advertised', async () => {
  const port = await server({ anonymous: false, basic: true, basic_default_domain: 'CORP' });
  const { dialog } = await SmtpDialog.open('127.0.0.1', port);
  try {
    const ehlo = await dialog.command('EHLO client.test');
    assert.ok(ehlo.text.split('\n').includes('AUTH PLAIN LOGIN'), ehlo.text);
    assert.equal((await dialog.command('MAIL FROM:<a@sender.test>')).line, '530 5.7.0 Authentication required');
    assert.equal((await dialog.command('AUTH CRAM-MD5')).code, 504);
  } finally {
    dialog.close();
  }
  const result = await swaks(`127.0.0.1:${port}`, ['--from', 'a@sender.test', '--to', 'x@far.test']);
  assert.ok(serverReplies(result).includes('530 5.7.0 Authentication required'), result.transcript);
});

test('basic: PLAIN and LOGIN with the default domain appended, CORP\\alice and alice@CORP; authenticated clients relay', async () => {
  const port = await server({ anonymous: false, basic: true, basic_default_domain: 'CORP' });
  for (const [type, user] of [['PLAIN', 'alice'], ['LOGIN', 'alice'], ['PLAIN', 'CORP\\alice'], ['LOGIN', 'alice@CORP']]) {
    const result = await swaks(`127.0.0.1:${port}`, ['--auth', type, '--auth-user', user, '--auth-password', password, '--from', 'alice@corp.test', '--to', 'x@far.test']);
    const replies = serverReplies(result);
    assert.ok(replies.includes('235 2.7.0 Authentication successful'), `${type} ${user}: ${result.transcript}`);
    assert.ok(replies.some((l) => /^250 2\.0\.0 Ok: queued as \S+$/.test(l)), result.transcript);
    assert.ok(!result.transcript.includes(password), 'the password is not echoed');
  }
  const info = await send(port, { user: 'alice', pass: password, method: 'LOGIN' });
  assert.match(info.response, /^250 2\.0\.0 Ok: queued as /);
});

test('bad credentials get 535 5.7.8 after a delay; repeated failures lock the client IP out with 454 4.7.0', async () => {
  const port = await server({ anonymous: false, basic: true, basic_default_domain: 'CORP' });
  const client = '127.0.9.1';
  const started = Date.now();
  await assert.rejects(send(port, { user: 'alice', pass: 'wrong' }, client), (err: any) => /^535 5\.7\.8/.test(err.response));
  assert.ok(Date.now() - started >= 150, 'the failure reply is delayed');
  for (let i = 0; i < 4; i++) await assert.rejects(send(port, { user: 'alice', pass: 'wrong' }, client));
  await assert.rejects(send(port, { user: 'alice', pass: password }, client), (err: any) => /^454 4\.7\.0/.test(err.response));
  const other = await send(port, { user: 'alice', pass: password }, '127.0.9.2');
  assert.match(other.response, /^250 /, 'other clients are not affected');
});

test('integrated: CRAM-MD5 (swaks and nodemailer) and XOAUTH2 with an issued token; PLAIN is not offered', async () => {
  const port = await server({ anonymous: false, basic: false, integrated: true });
  const cram = await swaks(`127.0.0.1:${port}`, ['--auth', 'CRAM-MD5', '--auth-user', 'CORP\\alice', '--auth-password', password, '--from', 'alice@corp.test', '--to', 'x@far.test']);
  assert.ok(serverReplies(cram).includes('235 2.7.0 Authentication successful'), cram.transcript);
  assert.match((await send(port, { user: 'CORP\\alice', pass: password, method: 'CRAM-MD5' })).response, /^250 /);
  const token = await fx.operator.issueToken(aliceId);
  assert.match((await send(port, { type: 'OAuth2', user: 'alice', accessToken: token })).response, /^250 /);
  await assert.rejects(send(port, { type: 'OAuth2', user: 'alice', accessToken: `${token}x` }, '127.0.9.3'), (err: any) => /^535 5\.7\.8/.test(err.response));
  const { dialog } = await SmtpDialog.open('127.0.0.1', port);
  try {
    assert.ok((await dialog.command('EHLO client.test')).text.split('\n').includes('AUTH CRAM-MD5 XOAUTH2'));
    assert.equal((await dialog.command(`AUTH PLAIN ${Buffer.from(`\0alice\0${password}`).toString('base64')}`)).code, 504);
  } finally {
    dialog.close();
  }
});

test('no mechanism enabled: AUTH is neither advertised nor accepted', async () => {
  const port = await server({ anonymous: true, basic: false, integrated: false });
  const { dialog } = await SmtpDialog.open('127.0.0.1', port);
  try {
    assert.ok(!(await dialog.command('EHLO client.test')).text.includes('AUTH'));
    assert.equal((await dialog.command('AUTH LOGIN')).code, 500);
  } finally {
    dialog.close();
  }
});
