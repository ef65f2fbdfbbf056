// Diagnostics: the errors and warnings Terraform shows the user, optionally pointing at an attribute.
import { attributePathFromProto, attributePathToProto, type AttributePath } from './attribute-path.ts';

/** An error or warning. `attribute` makes Terraform show the offending line of configuration. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail?: string;
  attribute?: AttributePath;
}

const SEVERITY = { error: 1, warning: 2 } as const;

/** The protocol form of a diagnostic. */
export function diagnosticToProto(d: Diagnostic): object {
  return {
    severity: SEVERITY[d.severity],
    summary: d.summary,
    detail: d.detail ?? '',
    ...(d.attribute && d.attribute.length > 0 ? { attribute: attributePathToProto(d.attribute) } : {}),
  };
}

/** Reads a protocol diagnostic back (used by tests and tools that talk to a provider). */
export function diagnosticFromProto(proto: { severity: number; summary: string; detail?: string; attribute?: object | null }): Diagnostic {
  const attribute = attributePathFromProto(proto.attribute as Parameters<typeof attributePathFromProto>[0]);
  return {
    severity: proto.severity === SEVERITY.warning ? 'warning' : 'error',
    summary: proto.summary,
    ...(proto.detail ? { detail: proto.detail } : {}),
    ...(attribute.length > 0 ? { attribute } : {}),
  };
}
