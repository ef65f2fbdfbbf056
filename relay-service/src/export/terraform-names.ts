// Terraform resource and variable names for exported objects: readable, valid identifiers, unique per type.

/** Hands out names like `edge`, `corp_alice`, `edge_10_0_0_0_8`; a second `edge` of the same type becomes `edge_2`. */
export class TerraformNames {
  private readonly taken = new Set<string>();

  /** A unique identifier for `type` derived from `parts` (joined with `_`). */
  name(type: string, ...parts: string[]): string {
    let base = parts.join('_').toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/_+/g, '_').replace(/^_|_$/g, '');
    if (!/^[a-z_]/.test(base)) base = `${type.replace(/^smtp_/, '')}_${base}`.replace(/_$/, '');
    let candidate = base;
    for (let n = 2; this.taken.has(`${type}.${candidate}`); n += 1) candidate = `${base}_${n}`;
    this.taken.add(`${type}.${candidate}`);
    return candidate;
  }
}
