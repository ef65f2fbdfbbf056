// Tests for the MAIL FROM parameters of an outbound transaction and the refusals when the next hop lacks an extension.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mailParameters, messageContent, NextHopRefusal, type HopExtensions } from './mail-parameters.ts';

const everything: HopExtensions = { smtputf8: true, eightBitMime: true, size: true, maxSize: 0 };
const bare: HopExtensions = { smtputf8: false, eightBitMime: false, size: false, maxSize: 0 };
const ascii = Buffer.from('Subject: hi\r\n\r\nplain\r\n');
const utf8Header = Buffer.from('Subject: Grüße\r\n\r\nplain\r\n');
const eightBitBody = Buffer.from('Subject: hi\r\n\r\ncafé\r\n');

test('messageContent: 8-bit is found by scanning whatever BODY said; UTF-8 header fields count only with SMTPUTF8', () => {
  assert.deepEqual(messageContent({ smtputf8: false, body: null }, ascii), { smtputf8: false, declared8BitMime: false, eightBit: false, utf8Headers: false, size: ascii.length });
  assert.equal(messageContent({ smtputf8: false, body: '7BIT' }, eightBitBody).eightBit, true);
  assert.equal(messageContent({ smtputf8: true, body: null }, eightBitBody).utf8Headers, false, 'the body is not a header field');
  assert.equal(messageContent({ smtputf8: true, body: null }, utf8Header).utf8Headers, true);
  assert.equal(messageContent({ smtputf8: false, body: null }, utf8Header).utf8Headers, false, 'without SMTPUTF8 it is just 8-bit data');
});

test('parameters follow what the hop offers: BODY=8BITMIME when declared or 8-bit, SIZE= when offered, SMTPUTF8 when needed', () => {
  const content = messageContent({ smtputf8: true, body: '8BITMIME' }, ascii);
  assert.deepEqual(mailParameters({ from: 'jörg@x.test', to: ['a@y.test'], content }, everything), { use8BitMime: true, size: ascii.length, smtputf8: true });
  assert.deepEqual(mailParameters({ from: 'a@xn--mnchen-3ya.de', to: ['b@y.test'], content }, bare), { use8BitMime: false, size: undefined, smtputf8: false },
    'an A-label domain needs nothing; declared 8BITMIME with 7-bit content goes to a 7-bit hop as it is');
  assert.deepEqual(mailParameters({ from: '', to: ['b@y.test'] }, everything), { use8BitMime: false, size: undefined, smtputf8: false }, 'no content facts: no parameters');
});

test('refusals: 5.6.7 for UTF-8 without SMTPUTF8, 5.6.3 for 8-bit without 8BITMIME, 5.3.4 over SIZE', () => {
  const refusal = (result: unknown) => (result instanceof NextHopRefusal ? [result.status, result.code, result.command] : result);
  const plain = messageContent({ smtputf8: false, body: null }, ascii);
  assert.deepEqual(refusal(mailParameters({ from: 'a@x.test', to: ['δοκιμή@y.test'], content: plain }, { ...everything, smtputf8: false })), ['5.6.7', 'EENVELOPE', 'MAIL FROM']);
  const headers = messageContent({ smtputf8: true, body: null }, utf8Header);
  assert.deepEqual(refusal(mailParameters({ from: 'a@x.test', to: ['b@y.test'], content: headers }, { ...everything, smtputf8: false })), ['5.6.7', 'EENVELOPE', 'MAIL FROM']);
  const eightBit = messageContent({ smtputf8: false, body: null }, eightBitBody);
  assert.deepEqual(refusal(mailParameters({ from: 'a@x.test', to: ['b@y.test'], content: eightBit }, { ...everything, eightBitMime: false })), ['5.6.3', 'EENVELOPE', 'MAIL FROM']);
  assert.deepEqual(refusal(mailParameters({ from: 'a@x.test', to: ['b@y.test'], content: plain }, { ...everything, maxSize: ascii.length - 1 })), ['5.3.4', 'EENVELOPE', 'MAIL FROM']);
  assert.deepEqual(mailParameters({ from: 'a@x.test', to: ['b@y.test'], content: plain }, { ...everything, maxSize: ascii.length }), { use8BitMime: false, size: ascii.length, smtputf8: false });
});
