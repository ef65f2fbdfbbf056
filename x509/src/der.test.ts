// Tests for the DER writer against known encodings from X.690 and RFC 5280, and for its one-level reader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as der from './der.ts';

test('lengths use the short form below 128 and the long form above', () => {
  assert.equal(der.encodeLength(5).toString('hex'), '05');
  assert.equal(der.encodeLength(127).toString('hex'), '7f');
  assert.equal(der.encodeLength(128).toString('hex'), '8180');
  assert.equal(der.encodeLength(300).toString('hex'), '82012c');
});

test('object identifiers are base-128 with the first two arcs combined', () => {
  assert.equal(der.oid('1.2.840.10045.4.3.2').toString('hex'), '06082a8648ce3d040302');
  assert.equal(der.oid('2.5.29.17').toString('hex'), '0603551d11');
  assert.throws(() => der.oid('1'), /bad OID/);
});

test('integers are minimal and stay positive', () => {
  assert.equal(der.unsignedInteger(2).toString('hex'), '020102');
  assert.equal(der.unsignedInteger(Buffer.from([0x00, 0x00, 0x7f])).toString('hex'), '02017f');
  assert.equal(der.unsignedInteger(Buffer.from([0x80])).toString('hex'), '02020080');
  assert.equal(der.unsignedInteger(Buffer.alloc(0)).toString('hex'), '020100');
});

test('times switch from UTCTime to GeneralizedTime in 2050', () => {
  assert.equal(der.time(new Date('2026-11-29T05:04:35Z')).toString('latin1'), '\x17\x0d261129050435Z');
  assert.equal(der.time(new Date('2050-01-01T00:00:00Z')).toString('latin1'), '\x18\x0f20500101000000Z');
});

test('constructed values nest their content', () => {
  assert.equal(der.sequence(der.boolean(true), der.utf8String('a')).toString('hex'), '30060101ff0c0161');
  assert.equal(der.explicit(3, der.octetString(Buffer.from([1]))).toString('hex'), 'a303040101');
  assert.equal(der.bitString(Buffer.from([0xa4]), 2).toString('hex'), '030202a4');
});

test('the reader takes apart what the writer wrote, long lengths included, and refuses a truncated encoding', () => {
  const long = der.octetString(Buffer.alloc(300, 7));
  const encoded = der.sequence(der.oid('2.5.29.17'), long, der.boolean(false));
  assert.deepEqual(der.children(encoded), [der.oid('2.5.29.17'), long, der.boolean(false)]);
  assert.deepEqual(der.contents(long), Buffer.alloc(300, 7));
  assert.throws(() => der.contents(encoded.subarray(0, encoded.length - 1)), /truncated DER/);
  assert.throws(() => der.children(der.sequence(Buffer.from([0x04, 0x05, 0x00]))), /truncated DER/);
});
