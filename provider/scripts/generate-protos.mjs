// Generates, from the .proto files, protobufjs JSON descriptors and beside each the codecs module the provider codes with
// (no .proto parsing and no protobufjs reflection at run time) and the types module describing its messages:
//   provider/src/plugin/generated/go-plugin.json (+ .codecs.ts, .types.ts)    go-plugin side services + gRPC health
//   provider/src/protocol/generated/tfplugin6.json (+ .codecs.ts, .types.ts)  Terraform plugin protocol 6
// The codecs are protobufjs's own generated functions (encode, decode, fromObject, toObject and the message constructor),
// written out as source with the field, enum and service tables they need, so the provider builds no protobufjs
// reflection at run time and the functions are part of the bundle and its V8 code cache; they depend on the protobufjs
// version, which --check covers. Their bodies are protobufjs's untyped JavaScript: each function's parameters are
// declared `any`, so the module type-checks (its tables against the types module) without @ts-nocheck. The types
// module has, per message, its decoded shape and the shape the encoder takes, per enum its values, per service its
// methods' messages. The JSON descriptors serve the tests, which compare the codecs with protobufjs's own.
// Usage: node provider/scripts/generate-protos.mjs [--check]   (--check fails when a file is stale)
import protobuf from 'protobufjs';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { typeName, typesModule } from './proto-types-module.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { version: protobufVersion } = JSON.parse(readFileSync(join(here, '..', '..', 'node_modules', 'protobufjs', 'package.json'), 'utf8'));
const protoDir = join(here, '..', 'proto');
const outputs = [
  { files: ['go-plugin.proto', 'health.proto'], out: join(here, '..', 'src', 'plugin', 'generated', 'go-plugin.json') },
  { files: ['tfplugin6.proto'], out: join(here, '..', 'src', 'protocol', 'generated', 'tfplugin6.json') },
];

/** Every reflection object of class `kind` under `namespace`, nested ones included. */
function nestedOf(namespace, kind) {
  return (namespace.nestedArray ?? []).flatMap((nested) => [
    ...(nested instanceof kind ? [nested] : []),
    ...(nested instanceof protobuf.Namespace ? nestedOf(nested, kind) : []),
  ]);
}

/** Every message type under `namespace`, nested ones included. */
const messageTypes = (namespace) => nestedOf(namespace, protobuf.Type);

/**
 * A generated function's source as TypeScript: named after its message's TypeScript name (protobufjs names it after the
 * message alone, and a message called Object shadowed the global Object in its constructor), its parameters declared
 * `any` (protobufjs's code is untyped JavaScript) and the object toObject builds too.
 */
function typedFunction(gen, name) {
  const source = gen.toString();
  const header = /^function\s*[\w$]*\(([\w,]*)\)\{/.exec(source);
  if (!header) throw new Error(`unexpected protobufjs output for ${name}: ${source.slice(0, 80)}`);
  const params = ['this: any', ...header[1].split(',').filter(Boolean).map((p) => `${p}?: any`)];
  return `function ${name}(${params.join(', ')}){${source.slice(header[0].length)}`.replace(/^ {2}var d=\{\}$/m, '  var d: any={}');
}

/**
 * The codecs module for the root the provider's descriptor `json` describes: for every message type its field types
 * (the resolved type of each field, in declaration order, as the functions' `types` argument expects) and its
 * functions as protobufjs generates them, every enum's values and every service's methods. The provider codes with
 * these alone, without building protobufjs reflection (Root.fromJSON + resolve: ~20 ms in every provider process).
 * The service table is typed by the types module, so the two cannot disagree on a method.
 */
function codecsModule(root, header, definitionModule, typesModuleName) {
  const nameOf = (reflected) => reflected.fullName.slice(1);
  const messages = messageTypes(root).map((type) => {
    const fn = (role, gen) => `    ${role}: ${typedFunction(gen, `${typeName(type)}${role === 'ctor' ? '' : `$${role}`}`)},`;
    return [
      `  ${JSON.stringify(nameOf(type))}: [${JSON.stringify(type.fieldsArray.map((field) => (field.resolvedType ? nameOf(field.resolvedType) : null)))}, (Writer, Reader, types, util) => ({`,
      fn('ctor', protobuf.Type.generateConstructor(type)),
      fn('encode', protobuf.encoder(type)),
      fn('decode', protobuf.decoder(type)),
      fn('fromObject', protobuf.converter.fromObject(type)),
      fn('toObject', protobuf.converter.toObject(type)),
      '  })],',
    ].join('\n');
  });
  const enums = nestedOf(root, protobuf.Enum).map((e) => `  ${JSON.stringify(nameOf(e))}: ${JSON.stringify(e.values)},`);
  const services = nestedOf(root, protobuf.Service).map((service) => `  ${JSON.stringify(nameOf(service))}: ${JSON.stringify(Object.fromEntries(
    service.methodsArray.map((m) => [m.name, [nameOf(m.resolvedRequestType), nameOf(m.resolvedResponseType), Boolean(m.requestStream), Boolean(m.responseStream)]])))},`);
  return [
    header,
    `import type { GeneratedCodecs } from '${definitionModule}';`,
    `import type { Services } from './${typesModuleName}';`,
    '',
    'const codecs: GeneratedCodecs<Services> = {',
    ' messages: {',
    ...messages,
    ' },',
    ' enums: {',
    ...enums,
    ' },',
    ' services: {',
    ...services,
    ' },',
    '};',
    'export default codecs;',
    '',
  ].join('\n');
}

let stale = false;
const write = (out, text) => {
  if (!process.argv.includes('--check')) {
    writeFileSync(out, text);
    return;
  }
  let current = '';
  try { current = readFileSync(out, 'utf8'); } catch { /* a missing file is stale */ }
  if (current !== text) {
    console.error(`${out} is stale: run node provider/scripts/generate-protos.mjs`);
    stale = true;
  }
};
for (const { files, out } of outputs) {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(protoDir, target);
  root.loadSync(files, { keepCase: true });
  root.resolveAll();
  const json = root.toJSON();
  write(out, JSON.stringify(json, null, 1) + '\n');
  // Both modules come from the descriptor as the provider loads it, not from the .proto parse.
  const loaded = protobuf.Root.fromJSON(JSON.parse(JSON.stringify(json)));
  loaded.resolveAll();
  const header = `// Generated by provider/scripts/generate-protos.mjs from ${basename(out)} with protobufjs ${protobufVersion}. Do not edit.`;
  const definitionModule = relative(dirname(out), join(here, '..', 'src', 'plugin', 'grpc-service-definition.ts'));
  const typesOut = out.replace(/\.json$/, '.types.ts');
  write(typesOut, typesModule(loaded, header, nestedOf));
  write(out.replace(/\.json$/, '.codecs.ts'), codecsModule(loaded, header, definitionModule.startsWith('.') ? definitionModule : `./${definitionModule}`, basename(typesOut)));
}
process.exit(stale ? 1 : 0);
