// The validator contracts: attribute validators check one value, object validators check attributes together.
import type { AttributePath } from '../../protocol/attribute-path.ts';
import type { Diagnostic } from '../../protocol/diagnostic.ts';
import type { TfValue } from '../../protocol/value.ts';

/** Where a value sits: its path (for the diagnostic) and the object holding it (for cross-attribute checks). */
export interface ValidationContext {
  path: AttributePath;
  parent: Readonly<Record<string, TfValue>>;
}

/**
 * Checks one attribute value. Called only with known, non-null values; returns problems as diagnostics
 * that point at `context.path` (or deeper). `description` documents the rule ("value must be one of ...").
 */
export interface AttributeValidator {
  description: string;
  validate(value: TfValue, context: ValidationContext): Diagnostic[];
}

/** Checks an object's attributes together; `path` is the object's own path ([] for the resource). */
export interface ObjectValidator {
  description: string;
  validate(object: Readonly<Record<string, TfValue>>, path: AttributePath): Diagnostic[];
}

/** An error diagnostic about the attribute at `path`, in the wording all validators share. */
export function invalidValue(path: AttributePath, detail: string): Diagnostic {
  return { severity: 'error', summary: 'Invalid Attribute Value', detail, attribute: path };
}
