// Diagnostics: the errors and warnings Terraform shows the user, optionally pointing at an attribute.
import { attributePathFromProto, attributePathToProto, type AttributePath } from './attribute-path.ts';
import * as tfplugin6 from './generated/tfplugin6.types.ts';

/** An error or warning. `attribute` makes Terraform show the offending line of configuration. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  summary: string;
  detail?: string;
  attribute?: AttributePath;
}

/** The protocol form of a diagnostic (no attribute when it has no path). */
export function diagnosticToProto(d: Diagnostic): tfplugin6.IDiagnostic {
  return {
    severity: d.severity === 'warning' ? tfplugin6.Diagnostic_Severity.WARNING : tfplugin6.Diagnostic_Severity.ERROR,
    summary: d.summary,
    detail: d.detail ?? '',
    ...(d.attribute && d.attribute.length > 0 ? { attribute: attributePathToProto(d.attribute) } : {}),
  };
}

/** Reads a decoded protocol diagnostic back (used by tests and tools that talk to a provider). */
export function diagnosticFromProto(proto: tfplugin6.Diagnostic): Diagnostic {
  const attribute = attributePathFromProto(proto.attribute);
  return {
    severity: proto.severity === tfplugin6.Diagnostic_Severity.WARNING ? 'warning' : 'error',
    summary: proto.summary,
    ...(proto.detail ? { detail: proto.detail } : {}),
    ...(attribute.length > 0 ? { attribute } : {}),
  };
}
