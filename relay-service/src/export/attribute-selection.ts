// Which values an export writes: the Terraform form of each member that Terraform would not plan the same without it.
import type { JsonSchema } from '@relayform/schema/schemas/json-schema.ts';
import { terraformDefault, terraformValue } from '@relayform/schema/terraform-form.ts';
import { HclExpression, type HclAttribute, type HclValue } from './hcl-syntax.ts';

/** A JSON object as the API returns it. */
export type Json = Record<string, unknown>;

/** What an exported object refers to: other objects by id, its write-only secrets as variables, values read from files. */
export interface ExportContext {
  /** The expression for another exported object's id (`smtp_account.alice.id`), or the id itself when it is not exported. */
  ref: (id: string) => HclValue;
  /**
   * Expressions by dotted path: write-only members (`var.x` for `delivery.outbound_security.password_wo`, the only way
   * a write-only member is written) and members whose value comes from a file (`file("/etc/postfix/cert.pem")`).
   */
  expressions?: Record<string, HclExpression>;
}

/**
 * The attributes to write for `doc` (an object of `schema`): required and server-filled members always, every other
 * member only when its Terraform form differs from the default the provider plans (nested objects member by member),
 * `*_id` values as references, secrets as their variables, given expressions as they are, read-only members never.
 */
export function exportedAttributes(schema: JsonSchema, doc: Json, context: ExportContext): HclAttribute[] {
  const value = exportedObject(schema, doc, '', context, new Set((schema.required as string[] | undefined) ?? []));
  return Object.entries(value ?? {}).map(([name, member]) => ({ name, value: member as HclValue }));
}

function exportedObject(schema: JsonSchema, doc: Json, path: string, context: ExportContext, required: Set<string>): Json | undefined {
  const out: Json = {};
  for (const [name, member] of Object.entries(schema.properties ?? {})) {
    const at = path ? `${path}.${name}` : name;
    const value = exportedMember(member, doc[name], name, at, context, required.has(name));
    if (value !== undefined) out[name] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function exportedMember(member: JsonSchema, value: unknown, name: string, at: string, context: ExportContext, required: boolean): unknown {
  if (member.writeOnly || context.expressions?.[at]) return context.expressions?.[at];
  if (member.readOnly) return undefined;
  if (member.properties) return exportedObject(member, (value ?? {}) as Json, at, context, new Set());
  const shown = terraformValue(member, value);
  const annotation = member['x-terraform'];
  const always = required || annotation?.required || annotation?.serverDefault;
  if (shown === null || (!always && JSON.stringify(shown) === JSON.stringify(terraformDefault(member)))) return undefined;
  return typeof shown === 'string' && name.endsWith('_id') ? context.ref(shown) : shown;
}
