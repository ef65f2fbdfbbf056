// Errors from the management API as diagnostics: status-specific guidance, details mapped to attribute paths.
import type { AttributePath, PathStep } from '../protocol/attribute-path.ts';
import type { Diagnostic } from '../protocol/diagnostic.ts';
import { DiagnosticsError } from '../framework/diagnostics-error.ts';

/** One problem the API reported: `path` in `$.a.b[0].c` form, relative to the request body. */
export interface ApiErrorDetail {
  path: string;
  message: string;
}

/** An API error body: `{ error: { code, message, details } }`; a 409 already_exists names the object that is there. */
export interface ApiErrorBody {
  code: string;
  message: string;
  details: ApiErrorDetail[];
  existing_id?: string;
}

/** How to adopt an object a create found already there: the resource type and the import id of the existing object. */
export interface Adoption {
  typeName: string;
  importId(existingId: string): string;
}

/** Turns `$.delivery.retry_intervals_minutes[2]` into attribute steps; null for paths it cannot read. */
export function jsonPathToAttributePath(jsonPath: string): AttributePath | null {
  if (!jsonPath.startsWith('$')) return null;
  const steps: PathStep[] = [];
  const pattern = /\.([A-Za-z0-9_]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy;
  pattern.lastIndex = 1;
  while (pattern.lastIndex < jsonPath.length) {
    const m = pattern.exec(jsonPath);
    if (!m) return null;
    steps.push(m[1] !== undefined ? { attribute: m[1] } : m[2] !== undefined ? { index: Number(m[2]) } : { key: JSON.parse(m[3]) as string });
  }
  return steps;
}

const GUIDANCE: Record<number, (what: string) => [string, string]> = {
  0: (what) => ['Cannot reach the relay API', `No answer while ${what}. Check the provider's endpoint (SMTP_RELAY_ENDPOINT) and that the relay is running.`],
  401: (what) => ['Authentication failed', `The relay refused the credentials while ${what}. Check the provider's token (SMTP_RELAY_TOKEN) or username/password.`],
  403: (what) => ['Permission denied', `The provider's credentials may not do this (${what}). Use an admin token or an operator of this virtual server.`],
  409: (what) => ['Conflict', `The relay refused ${what}.`],
  412: (what) => [
    'Object changed outside Terraform',
    `The object was changed by someone else since Terraform last read it, so ${what} was refused rather than overwrite that change. ` +
    'Run `terraform plan` (or `terraform apply -refresh-only`) to see the current values, then apply again.',
  ],
  429: (what) => ['Too many requests', `The relay asked the provider to slow down while ${what}; try again shortly.`],
};

/** An API failure: HTTP status, the relay's error body, and diagnostics pointing at the offending attributes. */
export class ApiError extends DiagnosticsError {
  constructor(readonly status: number, readonly body: ApiErrorBody, what: string, attributePrefix: AttributePath = [], adopt?: Adoption) {
    super(status === 409 && body.code === 'already_exists' && body.existing_id && adopt
      ? adoptionDiagnostics(body, body.existing_id, adopt, attributePrefix) : toDiagnostics(status, body, what, attributePrefix));
    this.name = 'ApiError';
  }
}

/** A call abandoned because Terraform asked the provider to stop (Ctrl-C, a cancelled CI job): no answer was awaited. */
const cancelledGuidance = (what: string): [string, string] => [
  'Cancelled',
  `Terraform asked the provider to stop while ${what}. The request was abandoned; the relay may or may not have applied it, ` +
  'so run `terraform plan` to see where things stand.',
];

function toDiagnostics(status: number, body: ApiErrorBody, what: string, prefix: AttributePath): Diagnostic[] {
  const [summary, guidance] = (body.code === 'cancelled' ? cancelledGuidance : GUIDANCE[status])?.(what) ?? [`The relay API returned ${status}`, `Error while ${what}.`];
  const detail = `${guidance}\n\n${body.message}${status ? ` (HTTP ${status}, ${body.code})` : ''}`;
  const located = body.details.map((d): Diagnostic => {
    const path = jsonPathToAttributePath(d.path);
    return {
      severity: 'error',
      summary: status === 422 ? 'Invalid attribute value' : summary,
      detail: `${d.message}${path ? '' : ` (at ${d.path})`}`,
      ...(path && path.length > 0 ? { attribute: [...prefix, ...path] } : {}),
    };
  });
  return located.length > 0 ? located : [{ severity: 'error', summary, detail }];
}

/**
 * A create that found its object already there: the diagnostic (on the member that must be unique) says how to bring the
 * existing object under Terraform instead, with the `terraform import` command and the `import {}` block.
 */
function adoptionDiagnostics(body: ApiErrorBody, existingId: string, adopt: Adoption, prefix: AttributePath): Diagnostic[] {
  const id = adopt.importId(existingId);
  const path = body.details.map((d) => jsonPathToAttributePath(d.path)).find((p) => p !== null && p.length > 0);
  const detail = `${body.message} To manage that object with Terraform, import it instead of creating another ` +
    `(<address> is this resource's address, as in the "with" line above):\n\n` +
    `  terraform import <address> ${id}\n\nor, in the configuration:\n\n  import {\n    to = <address>\n    id = "${id}"\n  }\n\n(HTTP 409, already_exists)`;
  return [{ severity: 'error', summary: `${adopt.typeName} already exists`, detail, ...(path ? { attribute: [...prefix, ...path] } : {}) }];
}
