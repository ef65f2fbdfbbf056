// How the model's values look in Terraform, per the x-terraform annotations: what the provider plans and stores, and what an export writes.
import { applyDefaults } from './apply-defaults.ts';
import type { JsonSchema } from './schemas/json-schema.ts';

/** A value as Terraform holds it (JSON, numbers as numbers). */
export type TerraformValue = string | number | boolean | null | TerraformValue[] | { [member: string]: TerraformValue };

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Whether `schema` is an object holding a write-only member at any depth. Terraform refuses a write-only attribute under a
 * computed one (a computed object's value comes from the provider, secrets included), so such an object is never filled
 * in at plan time: omitted in the configuration it is null in Terraform, whatever defaults the API gives it.
 */
export function holdsWriteOnly(schema: JsonSchema): boolean {
  return Object.values(schema.properties ?? {}).some((member) => member.writeOnly || holdsWriteOnly(member));
}

/**
 * A JSON value as Terraform shows it: secrets null, null as its number, empty arrays as null (where annotated so).
 * `written` is the Terraform value the object is read into (the plan, the prior state): where it has null for an object
 * that holds write-only members (the configuration omitted it) and the API holds that object's defaults, it stays null.
 * Without `written` (a data source) every object is shown.
 */
export function terraformValue(schema: JsonSchema, value: unknown, written?: TerraformValue): TerraformValue {
  const annotation = schema['x-terraform'];
  if (schema.writeOnly) return null;
  if (value === null || value === undefined) return annotation?.nullAs ? annotation.nullAs.value : null;
  if (Array.isArray(value)) return value.length === 0 && annotation?.emptyAsNull ? null : value as TerraformValue[];
  if (schema.properties && isPlainObject(value)) {
    const members = (object: Record<string, unknown>, within: TerraformValue | undefined) => Object.fromEntries(Object.entries(schema.properties!)
      .map(([k, member]) => [k, terraformValue(member, object[k], isPlainObject(within) ? within[k] : within)]));
    const shown = members(value, written);
    const omitted = written === null && holdsWriteOnly(schema) && JSON.stringify(shown) === JSON.stringify(members(applyDefaults(schema, {}), null));
    return omitted ? null : shown;
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

/**
 * The value Terraform plans when the configuration leaves the attribute null (objects: every member's default); undefined
 * when none, and for an object holding write-only members (holdsWriteOnly).
 */
export function terraformDefault(schema: JsonSchema): TerraformValue | undefined {
  if (holdsWriteOnly(schema)) return undefined;
  if (schema.properties && schema.default !== undefined) return terraformValue(schema, applyDefaults(schema, {}));
  if (schema.default === undefined || schema.default === null) return undefined;
  const shown = terraformValue(schema, schema.default);
  return shown === null ? undefined : shown;
}
