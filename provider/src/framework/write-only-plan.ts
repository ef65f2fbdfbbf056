// Plan-time rules of write-only secrets, which PlanResourceChange can judge because the configuration it receives holds them.
import { formatPath, type AttributePath } from '../protocol/attribute-path.ts';
import type { Diagnostic } from '../protocol/diagnostic.ts';
import { Unknown, isObjectValue, type TfValue } from '../protocol/value.ts';
import { valuesEqual } from '../protocol/value-equality.ts';
import type { Attribute } from './schema/attribute.ts';

type Attributes = Record<string, Attribute>;

/** "password_wo" -> "password", "client_secret_wo" -> "client secret". */
const secretName = (name: string) => name.replace(/_wo$/, '').replaceAll('_', ' ');

/**
 * The errors of a create or update planned from `config` over `prior` (null: create), in every single nested object:
 * - a write-only attribute `x_wo` with a sibling `x_wo_version`: when the configured version is a new number (an
 *   omitted version keeps the prior one), `x_wo` must be set, since the new version is what makes the provider send it;
 * - a write-only attribute with `requiredOnCreate`: it must be set when the object it belongs to is created (the prior
 *   state holds none there), and, with `when`, the sibling is configured to one of the listed values.
 * Unknown values count as set: they are known by apply.
 */
export function writeOnlyPlanDiagnostics(attributes: Attributes, config: TfValue, prior: TfValue, at: AttributePath = []): Diagnostic[] {
  if (!isObjectValue(config)) return [];
  const before = isObjectValue(prior) ? prior : null;
  const diagnostics: Diagnostic[] = [];
  const missing = (name: string, detail: string) => {
    const path = [...at, { attribute: name }];
    diagnostics.push({ severity: 'error', summary: `Missing ${secretName(name)}`, detail: `Attribute ${formatPath(path)} ${detail}`, attribute: path });
  };
  for (const [name, attribute] of Object.entries(attributes)) {
    const configured = config[name] ?? null;
    if (attribute.nested?.nesting === 'single') {
      diagnostics.push(...writeOnlyPlanDiagnostics(attribute.nested.attributes, configured, before?.[name] ?? null, [...at, { attribute: name }]));
    }
    if (!attribute.writeOnly || configured !== null) continue;
    const versionName = `${name}_version`;
    const version = config[versionName] ?? null;
    const when = attribute.requiredOnCreate?.when;
    const chosen = when ? config[when.attribute] ?? null : null;
    if (before === null && attribute.requiredOnCreate && (!when || when.in.some((v) => chosen !== null && !(chosen instanceof Unknown) && valuesEqual(v, chosen, attributes[when.attribute].type)))) {
      missing(name, `is required when creating this object${when ? ` with ${when.attribute} = ${JSON.stringify(chosen)}` : ''}: it is write-only, so nothing else can supply it.`);
    } else if (before !== null && attributes[versionName] && version !== null && !(version instanceof Unknown) && !valuesEqual(version, before[versionName] ?? null, attributes[versionName].type)) {
      missing(name, `must be set when ${versionName} changes: the new version is what makes Terraform send it.`);
    }
  }
  return diagnostics;
}
