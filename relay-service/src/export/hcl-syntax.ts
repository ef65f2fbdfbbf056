// HCL (Terraform native syntax) for plain JSON values: quoted or heredoc strings, lists, objects, references.

/** An expression written as is, e.g. `smtp_virtual_server.edge.id` or `var.alice_password`. */
export class HclExpression {
  constructor(readonly text: string) {}
}

/** A value an exported attribute may hold. */
export type HclValue = string | number | boolean | null | HclExpression | HclValue[] | { [name: string]: HclValue };

/** One `name = value` line of a block, with an optional trailing comment. */
export interface HclAttribute {
  name: string;
  value: HclValue;
  comment?: string;
}

/** `${` and `%{` start HCL templates; doubling the sigil keeps them literal text. */
function escapeTemplates(text: string): string {
  return text.replace(/([$%])\{/g, (_match, sigil: string) => `${sigil}${sigil}{`);
}

/** A quoted string with HCL escapes (JSON's escapes are valid HCL) and literal `${`/`%{`. */
export function hclString(text: string): string {
  return escapeTemplates(JSON.stringify(text));
}

/** Renders a value at `indent` (the indentation of the line it starts on). */
export function hclValue(value: HclValue, indent = ''): string {
  if (value instanceof HclExpression) return value.text;
  if (value === null) return 'null';
  if (typeof value === 'string') {
    // Multi-line text (PEM) reads better as a heredoc; it must end with a newline to round-trip exactly.
    if (value.includes('\n') && value.endsWith('\n') && !/^EOT$/m.test(value)) {
      return `<<-EOT\n${escapeTemplates(value).replace(/^/gm, `${indent}  `).replace(/ +$/, '')}${indent}EOT`;
    }
    return hclString(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => hclValue(v, indent)).join(', ')}]`;
  const inner = `${indent}  `;
  return `{\n${attributeLines(Object.entries(value).map(([name, v]) => ({ name, value: v })), inner).join('\n')}\n${indent}}`;
}

/** `name = value` lines with the `=` aligned, as `terraform fmt` aligns consecutive one-line attributes. */
export function attributeLines(attributes: HclAttribute[], indent: string): string[] {
  const width = Math.max(0, ...attributes.map((a) => a.name.length));
  return attributes.map((a) => `${indent}${a.name.padEnd(width)} = ${hclValue(a.value, indent)}${a.comment ? ` # ${a.comment}` : ''}`);
}

/** A block: `header {` + its attributes + `}`. */
export function hclBlock(header: string, attributes: HclAttribute[]): string {
  return `${header} {\n${attributeLines(attributes, '  ').join('\n')}\n}\n`;
}
