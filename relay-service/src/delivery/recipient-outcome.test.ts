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

test('connection errors defer; STARTTLS failures fail with TLS level mismatch only when TLS is required', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ESOCKET' });
  assert.deepEqual([verdictOfError(refused, false, 'h').result, verdictOfError(refused, false, 'h').status], ['deferred', '4.4.1']);
  const tls = Object.assign(new Error('Error upgrading connection with STARTTLS'), { code: 'ETLS', response: '500 Error: command not recognized', responseCode: 500 });
  const required = verdictOfError(tls, true, 'h');
  assert.deepEqual([required.result, required.status, required.fromRemote], ['failed', '5.7.10', false]);
  assert.match(required.detail, /^TLS level mismatch/);
  assert.equal(verdictOfError(tls, false, 'h').result, 'failed', 'a 5xx is still permanent when TLS was only opportunistic');
});

test('per-recipient replies: accepted recipients get the DATA reply, rejected ones their RCPT reply', () => {
  const sent = { accepted: ['a@x.test'], rejectedErrors: [{ recipient: 'b@x.test', response: '550 5.1.1 no', responseCode: 550 }], response: '250 2.0.0 queued' };
  assert.deepEqual(outcomesOfSend(['a@x.test', 'b@x.test'], sent, 'h').map((o) => [o.address, o.result, o.status]),
    [['a@x.test', 'delivered', '2.0.0'], ['b@x.test', 'failed', '5.1.1']]);
  const allRejected = Object.assign(new Error("Can't send mail - all recipients were rejected"), {
    code: 'EENVELOPE', command: 'RCPT TO', response: '451 4.3.0 later', responseCode: 451,
    rejectedErrors: [{ recipient: 'a@x.test', response: '451 4.3.0 later' }, { recipient: 'b@x.test', response: '550 5.1.1 no' }],
  });
  assert.deepEqual(outcomesOfError(['a@x.test', 'b@x.test'], allRejected, false, 'h').map((o) => o.result), ['deferred', 'failed']);
});
