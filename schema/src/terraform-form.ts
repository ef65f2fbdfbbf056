// How the model's values look in Terraform, per the x-terraform annotations: what the provider plans and stores, and what an export writes.
import { applyDefaults } from './apply-defaults.ts';
import type { JsonSchema } from './schemas/json-schema.ts';

/** A value as Terraform holds it (JSON, numbers as numbers). */
export type TerraformValue = string | number | boolean | null | TerraformValue[] | { [member: string]: TerraformValue };

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON value as Terraform shows it: secrets null, null as its number, empty arrays as null (where annotated so). */
export function terraformValue(schema: JsonSchema, value: unknown): TerraformValue {
  const annotation = schema['x-terraform'];
  if (schema.writeOnly) return null;
  if (value === null || value === undefined) return annotation?.nullAs ? annotation.nullAs.value : null;
  if (Array.isArray(value)) return value.length === 0 && annotation?.emptyAsNull ? null : value as TerraformValue[];
  if (schema.properties && isPlainObject(value)) {
    return Object.fromEntries(Object.entries(schema.properties).map(([k, member]) => [k, terraformValue(member, value[k])]));
  }
  return value as TerraformValue;
}

/** A Terraform value as the API takes it: the inverse of terraformValue; secrets are left as they are (the resource decides when to send them). */
export function apiValue(schema: JsonSchema, value: unknown): unknown {
  const annotation = schema['x-terraform'];
  if (annotation?.nullAs && value === annotation.nullAs.value) return null;
  if (value === null || value === undefined) return annotation?.emptyAsNull ? [] : null;
  if (schema.properties && isPlainObject(value)) {
    return Object.fromEntries(Object.entries(schema.properties).map(([k, member]) => [k, apiValue(member, value[k])]));
  }
  return value;
}

/** The value Terraform plans when the configuration leaves the attribute null (objects: every member's default); undefined when none. */
export function terraformDefault(schema: JsonSchema): TerraformValue | undefined {
  if (schema.properties && schema.default !== undefined) return terraformValue(schema, applyDefaults(schema, {}));
  if (schema.default === undefined || schema.default === null) return undefined;
  const shown = terraformValue(schema, schema.default);
  return shown === null ? undefined : shown;
}
