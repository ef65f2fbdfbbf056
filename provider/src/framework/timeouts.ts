// The `timeouts` attribute resources offer for operations that wait (as terraform-plugin-framework-timeouts' attribute form), and its durations.
import { attribute, type Attribute } from './schema/attribute.ts';
import { stringMatching } from './validators/value-validators.ts';

/** A Go duration as Terraform users write it: "30s", "2m", "1m30s", "1.5h" (units ns, us, µs, ms, s, m, h). */
const duration = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const unitMs: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export type TimeoutOperation = 'create' | 'read' | 'update' | 'delete';

/** The model of a `timeouts` attribute: null members (or a null attribute) take the operation's default. */
export type Timeouts = Partial<Record<TimeoutOperation, string | null>> | null;

/** `timeouts = { create = "…", update = "…" }`: optional, one string member per operation, each a duration. `defaults` are documented. */
export function timeoutsAttribute(defaults: Partial<Record<TimeoutOperation, string>>): Attribute {
  const members = Object.entries(defaults).map(([operation, fallback]) => [operation, attribute.string({
    description: `How long ${operation} may wait, as a duration ("30s", "2m", "1m30s"). Defaults to \`${fallback}\`.`,
    optional: true,
    validators: [stringMatching(duration, 'a duration such as "30s", "2m" or "1m30s"')],
  })]);
  return attribute.singleNested(Object.fromEntries(members), {
    description: 'Bounds on how long an operation waits for the relay (not on each API request).',
    optional: true,
  });
}

/** Milliseconds of a duration string (validated by timeoutsAttribute's validator). */
export function durationMs(value: string): number {
  let total = 0;
  for (const [, amount, , unit] of value.matchAll(/(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(amount) * unitMs[unit];
  return total;
}

/** The configured timeout of `operation` in milliseconds, else `fallback` (a duration string). */
export function timeoutMs(timeouts: Timeouts, operation: TimeoutOperation, fallback: string): number {
  return durationMs(timeouts?.[operation] ?? fallback);
}
