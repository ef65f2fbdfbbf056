// The typed error resource code throws to report problems; the framework turns it into diagnostics.
import type { AttributePath } from '../protocol/attribute-path.ts';
import type { Diagnostic } from '../protocol/diagnostic.ts';

/**
 * Thrown by resources, data sources and the API client. Carries user-facing diagnostics (with attribute
 * paths where known). `partialState` on a failed create says the remote object exists anyway, so the
 * framework records it in state instead of forgetting it (Terraform taints it); on a failed update, that the change was
 * made, so the state shows it instead of the prior values.
 */
export class DiagnosticsError extends Error {
  readonly diagnostics: Diagnostic[];
  partialState?: Record<string, unknown>;

  constructor(diagnostics: Diagnostic[] | Diagnostic) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    super(list.map((d) => d.summary + (d.detail ? `: ${d.detail}` : '')).join('; '));
    this.name = 'DiagnosticsError';
    this.diagnostics = list;
  }

  /** An error about one attribute. */
  static attribute(path: AttributePath, summary: string, detail: string): DiagnosticsError {
    return new DiagnosticsError({ severity: 'error', summary, detail, attribute: path });
  }
}

/**
 * Diagnostics for anything a handler threw: a DiagnosticsError's own, or one generic error for a bug
 * (its message, never a stack trace).
 */
export function diagnosticsFrom(error: unknown, summary: string): Diagnostic[] {
  if (error instanceof DiagnosticsError) return error.diagnostics;
  return [{ severity: 'error', summary, detail: error instanceof Error ? error.message : String(error) }];
}
