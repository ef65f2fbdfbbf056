// How SMTP replies and connection failures become per-recipient verdicts and RFC 3463 status codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outcomesOfError, outcomesOfSend, verdictOfError, verdictOfReply } from './recipient-outcome.ts';

test('reply classes: 2xx delivered, 4xx deferred, 5xx failed; the enhanced code is used, else derived', () => {
  assert.deepEqual([verdictOfReply('250 2.0.0 Ok', 'h').result, verdictOfReply('250 2.0.0 Ok', 'h').status], ['delivered', '2.0.0']);
  assert.deepEqual([verdictOfReply('451 4.3.0 later', 'h').result, verdictOfReply('451 4.3.0 later', 'h').status], ['deferred', '4.3.0']);
  assert.deepEqual([verdictOfReply('550 5.1.1 unknown', 'h').result, verdictOfReply('550 5.1.1 unknown', 'h').status], ['failed', '5.1.1']);
  assert.equal(verdictOfReply('554 no enhanced code', 'h').status, '5.0.0');
  assert.equal(verdictOfReply('421 closing', 'h').status, '4.0.0');
  assert.equal(verdictOfReply('550 5.1.1 unknown', 'h').fromRemote, true);
});

test('connection errors defer; TLS problems before the envelope are a TLS level mismatch deferral naming the reason', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ESOCKET' });
  assert.deepEqual([verdictOfError(refused, 'opportunistic', 'h').result, verdictOfError(refused, 'opportunistic', 'h').status], ['deferred', '4.4.1']);
  const missing = Object.assign(new Error('Error upgrading connection with STARTTLS'), {
    code: 'ETLS', command: 'STARTTLS', response: '500 Error: command not recognized', responseCode: 500,
  });
  const required = verdictOfError(missing, 'encrypt', 'h');
  assert.deepEqual([required.result, required.status, required.fromRemote], ['deferred', '4.7.4', false]);
  assert.match(required.detail, /^TLS level mismatch \(tls_policy encrypt\): the next hop does not offer STARTTLS \(500 Error/);
  const selfSigned = Object.assign(new Error('self-signed certificate'), { code: 'ESOCKET', originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT', command: 'CONN' });
  const verify = verdictOfError(selfSigned, 'verify', 'h');
  assert.deepEqual([verify.result, verify.status, verify.detail], ['deferred', '4.7.5', 'TLS level mismatch (tls_policy verify): self-signed certificate']);
  const rcpt = Object.assign(new Error('rejected'), { code: 'EENVELOPE', command: 'RCPT TO', response: '550 5.1.1 no', responseCode: 550 });
  assert.equal(verdictOfError(rcpt, 'verify', 'h').status, '5.1.1', 'a reply after the envelope started is the answer, TLS or not');
});

test('per-recipient replies: accepted recipients get the DATA reply, rejected ones their RCPT reply', () => {
  const sent = { accepted: ['a@x.test'], rejectedErrors: [{ recipient: 'b@x.test', response: '550 5.1.1 no', responseCode: 550 }], response: '250 2.0.0 queued' };
  assert.deepEqual(outcomesOfSend(['a@x.test', 'b@x.test'], sent, 'h').map((o) => [o.address, o.result, o.status]),
    [['a@x.test', 'delivered', '2.0.0'], ['b@x.test', 'failed', '5.1.1']]);
  const allRejected = Object.assign(new Error("Can't send mail - all recipients were rejected"), {
    code: 'EENVELOPE', command: 'RCPT TO', response: '451 4.3.0 later', responseCode: 451,
    rejectedErrors: [{ recipient: 'a@x.test', response: '451 4.3.0 later' }, { recipient: 'b@x.test', response: '550 5.1.1 no' }],
  });
  assert.deepEqual(outcomesOfError(['a@x.test', 'b@x.test'], allRejected, 'opportunistic', 'h').map((o) => o.result), ['deferred', 'failed']);
});
