// The update method of resource types whose every argument forces replacement (smtp_operator, smtp_certificate).
import { DiagnosticsError } from '../framework/diagnostics-error.ts';

/**
 * Terraform never plans an in-place update for such a type, so one arriving is a provider bug: it is
 * reported as such (the framework keeps the prior state) instead of silently doing nothing.
 */
export function replacementOnly(typeName: string): () => Promise<never> {
  return async () => {
    throw new DiagnosticsError({
      severity: 'error',
      summary: 'Unexpected update',
      detail: `Every argument of ${typeName} forces replacement, so an in-place update should never be planned. Please report this provider bug.`,
    });
  };
}
