// Tests for DynamicValue codecs: unknowns (plain and refined), nulls, nesting, sets, maps and big numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encode, ExtData } from '@msgpack/msgpack';
import { decodeDynamicValue, decodeJsonValue, encodeDynamicValue } from './dynamic-value.ts';
import { Types } from './tf-type.ts';
import { BigNumber, UNKNOWN, Unknown, type TfValue } from './value.ts';
import { valuesEqual } from './value-equality.ts';

const nested = Types.object({
  name: Types.string,
  port: Types.number,
  enabled: Types.bool,
  tags: Types.map(Types.string),
  ports: Types.set(Types.number),
  limits: Types.object({ max: Types.number, note: Types.string }),
  rules: Types.list(Types.object({ cidr: Types.string, weight: Types.number })),
});

const roundTrip = (value: TfValue, type = nested) => decodeDynamicValue(encodeDynamicValue(value, type), type);

test('a nested object with lists, sets, maps and nulls round-trips', () => {
  const value = {
    enabled: true, limits: { max: 10.5, note: null }, name: 'mx', port: 25, ports: [25, 587],
    rules: [{ cidr: '10.0.0.0/8', weight: -1 }], tags: { env: 'prod', team: '' },
  };
  assert.deepEqual(roundTrip(value), value);
  assert.ok(valuesEqual(roundTrip({ ...value, ports: [587, 25] }), value, nested), 'sets compare unordered');
  assert.ok(!valuesEqual({ ...value, rules: [] }, value, nested));
});

test('missing object attributes are written as null, an absent value decodes as null', () => {
  assert.deepEqual(roundTrip({ name: 'x' }), { enabled: null, limits: null, name: 'x', port: null, ports: null, rules: null, tags: null });
  assert.equal(decodeDynamicValue(undefined, nested), null);
  assert.equal(decodeDynamicValue({ msgpack: new Uint8Array(0) }, nested), null);
});

test('unknown is msgpack extension 0 and survives at any depth', () => {
  const bytes = encodeDynamicValue(UNKNOWN, Types.string).msgpack!;
  assert.deepEqual([...bytes], [0xd4, 0x00, 0x00]);
  const decoded = roundTrip({ name: UNKNOWN, rules: [{ cidr: UNKNOWN, weight: 1 }], tags: UNKNOWN }) as any;
  assert.ok(decoded.name instanceof Unknown);
  assert.ok(decoded.rules[0].cidr instanceof Unknown);
  assert.ok(decoded.tags instanceof Unknown);
  assert.equal(decoded.port, null);
});

test('any extension type is unknown; a refined unknown (type 12) keeps its refinement on the way back', () => {
  const refinement = new Uint8Array([0x81, 0x01, 0xc3]); // {1: true}: "definitely not null"
  const wire = encode({ name: new ExtData(12, refinement), port: new ExtData(7, new Uint8Array([1])) });
  const decoded = decodeDynamicValue({ msgpack: wire }, Types.object({ name: Types.string, port: Types.number })) as any;
  assert.ok(decoded.name instanceof Unknown);
  assert.ok(decoded.port instanceof Unknown);
  assert.equal(decoded.name.ext.type, 12);
  const again = encodeDynamicValue(decoded, Types.object({ name: Types.string, port: Types.number })).msgpack!;
  assert.deepEqual(Buffer.from(again), Buffer.from(encode({ name: new ExtData(12, refinement), port: new ExtData(7, new Uint8Array([1])) })));
});

test('numbers arrive as ints, int64, floats or decimal strings; big ones keep every digit', () => {
  const type = Types.list(Types.number);
  const wire = encode([1, -7, 2 ** 40, 0.1, '3.5', '123456789012345678901234567890', '0.1000000000000000000000000001'], { useBigInt64: true });
  const decoded = decodeDynamicValue({ msgpack: wire }, type) as TfValue[];
  assert.deepEqual(decoded.slice(0, 5), [1, -7, 2 ** 40, 0.1, 3.5]);
  assert.deepEqual(decoded.slice(5), [new BigNumber('123456789012345678901234567890'), new BigNumber('0.1000000000000000000000000001')]);
  const int64 = encode([9007199254740993n], { useBigInt64: true }); // 2^53 + 1 as msgpack uint64
  assert.deepEqual(decodeDynamicValue({ msgpack: int64 }, type), [new BigNumber('9007199254740993')]);
  assert.deepEqual(roundTrip(decoded, type), decoded);
});

test('JSON raw state decodes by type and keeps big numbers exact', () => {
  const type = Types.object({ id: Types.string, count: Types.number, big: Types.number, names: Types.list(Types.string) });
  const value = decodeJsonValue('{"id":"a\\"1","count":3,"big":123456789012345678901234,"names":["x"],"gone":1}', type);
  assert.deepEqual(value, { big: new BigNumber('123456789012345678901234'), count: 3, id: 'a"1', names: ['x'] });
});

test('values of the wrong type are rejected with their path', () => {
  assert.throws(() => decodeDynamicValue({ msgpack: encode({ name: 5 }) }, nested), /\$\.name: expected string/);
  assert.throws(() => encodeDynamicValue({ rules: 'x' }, nested), /\$\.rules/);
  const deep = Types.object({ groups: Types.map(Types.list(Types.object({ port: Types.number }))) });
  assert.throws(() => decodeDynamicValue({ msgpack: encode({ groups: { b: [{ port: 1 }, { port: true }] } }) }, deep), {
    message: '$.groups.b[1].port: expected number, got boolean' });
  assert.throws(() => encodeDynamicValue({ groups: { a: [{ port: ['x'] }] } }, deep), { message: '$.groups.a[0].port: value does not match type number' });
  assert.throws(() => decodeDynamicValue({ msgpack: encode({ groups: { a: ['x'] } }) }, deep), { message: '$.groups.a[0]: expected object, got string' });
});
