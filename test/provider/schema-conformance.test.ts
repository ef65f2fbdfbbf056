// The two projections of the model agree: every resource's Terraform schema against the JSON Schema the relay validates with.
//
// For each member: the same name, type, mode (required, optional, computed, write-only), default, and the same verdict
// on a corpus of values (bounds and their neighbours, enum values and a stranger, every format's samples, tricky
// strings), the relay's own validator deciding for the JSON side and the attribute's validators for the Terraform side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyDefaults } from '@relayform/schema/apply-defaults.ts';
import type { JsonSchema } from '@relayform/schema/schemas/json-schema.ts';
import { accountSchema } from '@relayform/schema/schemas/account-schema.ts';
import { connectionRuleListSchema, connectionRuleSchema, relayRuleListSchema, relayRuleSchema } from '@relayform/schema/schemas/address-rule-schema.ts';
import { certificateSchema } from '@relayform/schema/schemas/certificate-schema.ts';
import { directorySchema } from '@relayform/schema/schemas/directory-schema.ts';
import { operatorSchema } from '@relayform/schema/schemas/operator-schema.ts';
import { relayCheckDecisionSchema, relayCheckSchema } from '@relayform/schema/schemas/relay-check-schema.ts';
import { remoteDomainSchema } from '@relayform/schema/schemas/remote-domain-schema.ts';
import { virtualServerSchema } from '@relayform/schema/schemas/virtual-server-schema.ts';
import { validateDocument } from '../../relay-service/src/config/validate-document.ts';
import type { Attribute } from '../../provider/src/framework/schema/attribute.ts';
import type { TfType } from '../../provider/src/protocol/tf-type.ts';
import { smtpProvider } from '../../provider/src/smtp-provider.ts';

/** Which JSON Schema each resource (and the relay check data source: its question and its decision) projects. */
const projections: Record<string, JsonSchema> = {
  smtp_virtual_server: virtualServerSchema, smtp_remote_domain: remoteDomainSchema, smtp_account: accountSchema,
  smtp_certificate: certificateSchema, smtp_operator: operatorSchema, smtp_connection_rule: connectionRuleSchema, smtp_relay_rule: relayRuleSchema,
  smtp_connection_rules: connectionRuleListSchema, smtp_relay_rules: relayRuleListSchema,
  smtp_directory: directorySchema,
  smtp_relay_check: { ...relayCheckSchema, properties: { ...relayCheckSchema.properties, ...relayCheckDecisionSchema.properties } },
};

const strings = [
  '', ' ', 'a', 'a b', 'a@b', 'a\\b', 'a:b', 'x y@example.com', 'pm@', 'pm@example.com', 'pm@münchen.de',
  '127.0.0.1', '300.1.1.1', '::1', '10.0.0.0/8', '10.0.0.0/33', '2001:db8::/32', '255.255.255.0', '255.0.255.0',
  'example.com', 'example.com.', ' example.com', 'bad_domain!', 'münchen.de', 'xn--mnchen-3ya.de', '*.example.com', '*.', 'a.*.b', 'smtp.example.com',
  'https://login.test/token', 'http://login.test/token', 'https://u:p@login.test/', 'https://login.test/#x',
  '/var/lib/drop', 'relative/dir', '/var/../etc', 'relative/../dir', 'RSA_2048', 'ECDSA_P384', 'DSA_1024', 'anonymous', 'oauth2', 'verify', 'dane', 'mta_sts', 'open',
  'only_listed', 'all_except_listed', 'CORP', 'alice', 'AA:BB', Array.from({ length: 32 }, () => 'AB').join(':'), Array.from({ length: 32 }, () => 'ZZ').join(':'),
  'x'.repeat(127), 'x'.repeat(128), 'x'.repeat(129), 'x'.repeat(199), 'x'.repeat(200), 'x'.repeat(201), 'x'.repeat(1000), 'x'.repeat(1001), 'x'.repeat(1024), 'x'.repeat(1025),
  'x'.repeat(2048), 'x'.repeat(2049), 'x'.repeat(4096), 'x'.repeat(4097),
];

function numbersAround(schema: JsonSchema): number[] {
  const edges = [schema.minimum, schema.maximum, schema.exclusiveMinimum].filter((n): n is number => typeof n === 'number');
  return [-1, 0, 0.05, 0.5, 1, 1.5, 2, 12, 25, 48, 1e9, ...edges.flatMap((n) => [n - 1, n - 0.5, n, n + 0.5, n + 1])];
}

function typeOf(schema: JsonSchema): string {
  return [schema.type].flat().find((t) => t !== 'null') as string;
}

/** Candidate values for a member (JSON form). */
function corpus(schema: JsonSchema): unknown[] {
  switch (typeOf(schema)) {
    case 'string': return strings;
    case 'integer': case 'number': return numbersAround(schema);
    case 'boolean': return [true, false];
    case 'array': {
      const elements = corpus(schema.items!).filter((e) => validateDocument(schema.items!, e).length === 0);
      const distinct = (n: number) => elements.slice(0, n);
      const max = schema.maxItems ?? 3;
      return [[], ...elements.slice(0, 6).map((e) => [e]), [elements[0], elements[0]], distinct(2), distinct(max), distinct(max + 1),
        ...corpus(schema.items!).filter((e) => !elements.includes(e)).slice(0, 6).map((e) => [elements[0], e])];
    }
    default: return [];
  }
}

function tfKind(type: TfType): string {
  return type.kind === 'list' || type.kind === 'set' ? `${type.kind}(${tfKind(type.element)})` : type.kind;
}

function expectedKind(schema: JsonSchema): string {
  const kind = typeOf(schema);
  if (kind === 'array') return `${schema['x-terraform']?.set ? 'set' : 'list'}(${expectedKind(schema.items!)})`;
  return { string: 'string', integer: 'number', number: 'number', boolean: 'bool', object: 'object' }[kind]!;
}

/** A JSON value as Terraform holds it (write-only members null, null shown as a number, empty arrays as null). */
function terraformForm(schema: JsonSchema, value: unknown): unknown {
  const annotation = schema['x-terraform'];
  if (schema.writeOnly) return null;
  if (value === null || value === undefined) return annotation?.nullAs && value === null ? annotation.nullAs.value : null;
  if (Array.isArray(value) && value.length === 0 && annotation?.emptyAsNull) return null;
  if (schema.properties && typeof value === 'object') {
    return Object.fromEntries(Object.entries(schema.properties).map(([k, s]) => [k, terraformForm(s, (value as Record<string, unknown>)[k] ?? null)]));
  }
  return value;
}

/** Whether a member is, or holds at any depth, a write-only secret. */
function holdsSecret(schema: JsonSchema): boolean {
  return schema.writeOnly === true || Object.values(schema.properties ?? {}).some(holdsSecret);
}

/** The JSON form of a Terraform value, for the relay's verdict. */
function jsonForm(schema: JsonSchema, value: unknown): unknown {
  const nullAs = schema['x-terraform']?.nullAs;
  return nullAs && value === nullAs.value ? null : value;
}

function terraformAccepts(attribute: Attribute, value: unknown): boolean {
  const path = [{ attribute: 'x' }];
  return (attribute.validators ?? []).every((v) => v.validate(value as never, { path, parent: {} }).every((d) => d.severity !== 'error'));
}

/** Every difference between a member's two projections, as lines naming the member. */
function differences(at: string, schema: JsonSchema, attribute: Attribute | undefined, required: boolean): string[] {
  if (!attribute) return [`${at}: in the JSON Schema, not in Terraform`];
  const out: string[] = [];
  const annotation = schema['x-terraform'];
  if (tfKind(attribute.type) !== expectedKind(schema)) out.push(`${at}: type ${tfKind(attribute.type)} in Terraform, ${expectedKind(schema)} in JSON`);
  // An object holding a secret is never computed (Terraform would fill the secret in), so it has no default either.
  const defaulted = schema.default !== undefined && terraformForm(schema, schema.default) !== null && !holdsSecret(schema);
  const mode = schema.readOnly ? 'computed' : schema.writeOnly ? 'write-only' : required || annotation?.required ? 'required'
    : annotation?.serverDefault || annotation?.keptWhenOmitted ? 'optional+computed' : defaulted ? 'default' : 'optional';
  const tfMode = attribute.writeOnly ? 'write-only' : attribute.required ? 'required' : attribute.default !== undefined ? 'default'
    : attribute.optional && attribute.computed ? 'optional+computed' : attribute.computed ? 'computed' : 'optional';
  if (mode !== tfMode && !(mode === 'optional' && tfMode === 'optional+computed' && attribute.defaultFrom)) out.push(`${at}: ${tfMode} in Terraform, ${mode} in JSON`);
  if (defaulted && schema.default !== null) {
    const expected = terraformForm(schema, typeOf(schema) === 'object' ? applyDefaults(schema, {}) : schema.default);
    try {
      assert.deepEqual(attribute.default, expected);
    } catch {
      out.push(`${at}: default ${JSON.stringify(attribute.default)} in Terraform, ${JSON.stringify(expected)} in JSON`);
    }
  }
  if (schema.properties) {
    out.push(...objectDifferences(at, schema, attribute.nested?.attributes ?? {}));
    return out;
  }
  // A list of objects (a rule list): its elements' members are compared like an object's.
  if (schema.items?.properties) {
    out.push(...objectDifferences(`${at}[]`, schema.items, attribute.nested?.attributes ?? {}));
    return out;
  }
  // What the server fills in is never configured, so there is nothing for Terraform to validate.
  if (schema.readOnly) return out;
  // Terraform holds no empty set where the annotation says null, and a set never holds an element twice.
  const representable = (value: unknown) => !Array.isArray(value) ||
    !((value.length === 0 && annotation?.emptyAsNull) || (annotation?.set && new Set(value).size < value.length));
  const disagreements = corpus(schema).filter(representable)
    .filter((value) => (validateDocument(schema, jsonForm(schema, value)).length === 0) !== terraformAccepts(attribute, value));
  if (disagreements.length > 0) {
    const shown = disagreements.slice(0, 3).map((v) => JSON.stringify(v).slice(0, 40)).join(', ');
    out.push(`${at}: Terraform and the relay disagree on ${disagreements.length} value(s), e.g. ${shown}`);
  }
  return out;
}

/** Top-level attributes about how Terraform runs an operation, never sent to the relay: `timeouts` (framework/timeouts.ts). */
const terraformOnly = new Set(['timeouts']);

function objectDifferences(at: string, schema: JsonSchema, attributes: Record<string, Attribute>): string[] {
  const out: string[] = [];
  const properties = schema.properties ?? {};
  for (const [name, member] of Object.entries(properties)) {
    out.push(...differences(at ? `${at}.${name}` : name, member, attributes[name], (schema.required as string[] | undefined)?.includes(name) ?? false));
  }
  for (const name of Object.keys(attributes)) {
    if (!(name in properties) && !(at === '' && terraformOnly.has(name))) out.push(`${at ? `${at}.` : ''}${name}: in Terraform, not in the JSON Schema`);
  }
  return out;
}

const provider = smtpProvider({});

/** What the relay and the provider say about every resource's (and the relay check's) members, one line per difference. */
export function projectionDifferences(resources: Array<{ typeName: string; schema: { attributes: Record<string, Attribute> } }> =
  [...provider.resources, ...provider.dataSources.filter((d) => d.typeName === 'smtp_relay_check')]): string[] {
  return resources.flatMap((resource) => {
    const schema = projections[resource.typeName];
    return schema ? objectDifferences('', schema, resource.schema.attributes).map((line) => `${resource.typeName}.${line}`) : [`${resource.typeName}: no JSON Schema`];
  });
}

test('every resource agrees with its JSON Schema: names, types, modes, defaults, and the verdict on every value of the corpus', () => {
  assert.deepEqual(projectionDifferences(), []);
});

test('a difference in one projection is found: a default, a bound and an enum changed on the Terraform side only', () => {
  const [server] = smtpProvider({}).resources.filter((r) => r.typeName === 'smtp_virtual_server');
  const limits = server.schema.attributes.limits.nested!.attributes;
  const relayControl = server.schema.attributes.relay_control.nested!.attributes;
  const changed = {
    ...server,
    schema: {
      ...server.schema,
      attributes: {
        ...server.schema.attributes,
        enabled: { ...server.schema.attributes.enabled, default: false },
        limits: { ...server.schema.attributes.limits, nested: { ...server.schema.attributes.limits.nested!, attributes: { ...limits, max_connections: { ...limits.max_connections, validators: [] } } } },
        relay_control: { ...server.schema.attributes.relay_control, nested: { ...server.schema.attributes.relay_control.nested!, attributes: { ...relayControl, mode: { ...relayControl.mode, validators: [] } } } },
      },
    },
  };
  const found = projectionDifferences([changed]).join('\n');
  assert.match(found, /smtp_virtual_server\.enabled: default false in Terraform, true in JSON/);
  assert.match(found, /smtp_virtual_server\.limits\.max_connections: Terraform and the relay disagree on \d+ value\(s\), e\.g\. -1/);
  assert.match(found, /smtp_virtual_server\.relay_control\.mode: Terraform and the relay disagree/);
});
