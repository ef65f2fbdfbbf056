// Tests the JSON form of type constraints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Types, typeFromJson, typeToJson } from './tf-type.ts';

test('types round-trip through their JSON constraint form', () => {
  const type = Types.object({ a: Types.list(Types.string), b: Types.set(Types.object({ c: Types.bool })), d: Types.map(Types.number), e: Types.tuple([Types.string]) });
  const json = typeToJson(type);
  assert.deepEqual(json, ['object', { a: ['list', 'string'], b: ['set', ['object', { c: 'bool' }]], d: ['map', 'number'], e: ['tuple', ['string']] }]);
  assert.deepEqual(typeFromJson(JSON.parse(JSON.stringify(json))), type);
  assert.throws(() => typeFromJson(['list']), /unsupported type/);
});
