// Writes the TypeScript types module of a protobufjs root for generate-protos.mjs: every message in its decoded shape and
// in the shape the encoder takes, every enum's values, every service's methods.
import protobuf from 'protobufjs';

/**
 * A declaration's name in TypeScript: its path below its package, nested messages joined by `_`
 * (tfplugin6.Schema.Block -> Schema_Block, tfplugin6.Schema.Object.NestingMode -> Schema_Object_NestingMode).
 */
export function typeName(reflected) {
  const parts = [reflected.name];
  for (let parent = reflected.parent; parent instanceof protobuf.Type; parent = parent.parent) parts.unshift(parent.name);
  return parts.join('_');
}

const fullName = (reflected) => reflected.fullName.slice(1);
const LONG = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const NUMBER = new Set(['double', 'float', 'int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);

/** The TypeScript type of one value of `field` (an element, for repeated and map fields); `init`: as the encoder takes it. */
function valueType(field, init) {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return `${init ? 'I' : ''}${typeName(resolved)}`;
  // Decoded enums stay numbers, also those this descriptor does not name (proto3 enums are open).
  if (resolved instanceof protobuf.Enum) return init ? typeName(resolved) : 'number';
  if (field.type === 'string') return 'string';
  if (field.type === 'bool') return 'boolean';
  if (field.type === 'bytes') return 'Uint8Array';
  // int64 and its kin decode as number (TO_OBJECT's longs: Number) and are encoded from numbers.
  if (LONG.has(field.type) || NUMBER.has(field.type)) return 'number';
  throw new Error(`${fullName(field)}: no TypeScript type for ${field.type}`);
}

/** The type of `field`'s whole value: a map as an object, repeated as an array. */
function fieldType(field, init) {
  const value = valueType(field, init);
  if (field.map) return `Record<string, ${value}>`;
  if (field.repeated) return `${value}[]`;
  return value;
}

/** A field's doc comment: deprecation, and for a decoded enum the enum its number belongs to. */
function doc(field, init) {
  const notes = [
    ...(field.resolvedType instanceof protobuf.Enum && !init ? [`{@link ${typeName(field.resolvedType)}}`] : []),
    ...(field.options?.deprecated ? ['@deprecated'] : []),
  ];
  return notes.length ? `  /** ${notes.join(' ')} */\n` : '';
}
const braces = (lines) => (lines.length === 0 ? '{}' : `{\n${lines.join('\n')}\n}`);

/**
 * The decoded shape: every field with its default, a message field null when absent; a oneof (a proto3 `optional`
 * field is one with a single member) only when set, its name then naming the member set.
 */
function decodedType(type) {
  const plain = type.fieldsArray.filter((field) => !field.partOf);
  const fields = plain.map((field) => `${doc(field, false)}  ${field.name}: ${fieldType(field, false)}${field.resolvedType instanceof protobuf.Type && !field.repeated && !field.map ? ' | null' : ''};`);
  const oneofs = type.oneofsArray.map((oneof) => [
    ...oneof.fieldsArray.map((field) => `  | { ${oneof.name}: '${field.name}'; ${field.name}: ${fieldType(field, false)} }`),
    `  | { ${oneof.name}?: undefined }`,
  ].join('\n'));
  const name = typeName(type);
  if (oneofs.length === 0) return `export interface ${name} ${braces(fields)}`;
  return `export type ${name} = ${[...(fields.length ? [braces(fields)] : []), ...oneofs.map((o) => `(\n${o}\n)`)].join(' & ')};`;
}

/** The shape the encoder takes: any field left out or null (then encoded as its default); at most one member of a oneof. */
function initType(type) {
  const optional = (field) => `${doc(field, true)}  ${field.name}?: ${fieldType(field, true)} | null;`;
  const plain = type.fieldsArray.filter((field) => !field.partOf || field.partOf.fieldsArray.length === 1);
  const oneofs = type.oneofsArray.filter((oneof) => oneof.fieldsArray.length > 1).map((oneof) => {
    const members = oneof.fieldsArray;
    const branch = (set) => `{ ${members.map((m) => (m === set ? `${m.name}: ${fieldType(m, true)}` : `${m.name}?: null`)).join('; ')} }`;
    return `(\n${[...members, null].map((set) => `  | ${branch(set)}`).join('\n')}\n)`;
  });
  const name = `I${typeName(type)}`;
  if (oneofs.length === 0) return `export interface ${name} ${braces(plain.map(optional))}`;
  return `export type ${name} = ${[...(plain.length ? [braces(plain.map(optional))] : []), ...oneofs].join(' & ')};`;
}

function enumDeclaration(e) {
  const name = typeName(e);
  return [
    `/** ${fullName(e)} */`,
    `export const ${name} = { ${Object.entries(e.values).map(([key, id]) => `${key}: ${id}`).join(', ')} } as const;`,
    `export type ${name} = (typeof ${name})[keyof typeof ${name}];`,
  ].join('\n');
}

function serviceDeclaration(service) {
  const methods = service.methodsArray.map((m) => {
    const [request, response] = [typeName(m.resolvedRequestType), typeName(m.resolvedResponseType)];
    return `    ${m.name}: { request: ${request}; requestInit: I${request}; response: ${response}; responseInit: I${response}; requestStream: ${Boolean(m.requestStream)}; responseStream: ${Boolean(m.responseStream)} };`;
  });
  return `  '${fullName(service)}': {\n${methods.join('\n')}\n  };`;
}

/** The types module of `root` (resolved); `header` is its first line, `nestedOf(root, kind)` lists declarations. */
export function typesModule(root, header, nestedOf) {
  const messages = nestedOf(root, protobuf.Type);
  const enums = nestedOf(root, protobuf.Enum);
  const names = [...messages.flatMap((t) => [typeName(t), `I${typeName(t)}`]), ...enums.map(typeName)];
  const clash = names.find((name, i) => names.indexOf(name) !== i);
  if (clash) throw new Error(`two declarations would be named ${clash}: extend typeName in proto-types-module.mjs`);
  return [
    header,
    '// `Foo` is a message as the codecs decode it (grpc-service-definition.ts TO_OBJECT): every field present with its',
    '// default, except that an absent message field is null and a oneof member (or proto3 `optional` field) is present only',
    '// when set, the oneof\'s name then saying which; int64 as number, enums as numbers, bytes as Uint8Array (a Buffer), maps',
    '// as objects. `IFoo` is what the encoder takes: any field may be left out or null, at most one member of a oneof set.',
    '',
    ...enums.flatMap((e) => [enumDeclaration(e), '']),
    ...messages.flatMap((t) => [`/** ${fullName(t)} */`, decodedType(t), `/** ${fullName(t)}, as the encoder takes it. */`, initType(t), '']),
    '/** Per service, per method: its request and response messages (decoded, and as the encoder takes them) and which side streams. */',
    `export type Services = ${braces(nestedOf(root, protobuf.Service).map(serviceDeclaration))};`,
    '',
  ].join('\n');
}
