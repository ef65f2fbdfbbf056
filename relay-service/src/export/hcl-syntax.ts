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

/**
 * `name = value` lines aligned as `terraform fmt` aligns them: the `=` of consecutive one-line attributes line up
 * (a heredoc counts as one line); an object spanning several lines stands alone, unaligned.
 */
export function attributeLines(attributes: HclAttribute[], indent: string): string[] {
  const rendered = attributes.map((a) => ({ ...a, text: hclValue(a.value, indent) }));
  const alone = (text: string) => text.includes('\n') && !text.startsWith('<<');
  const lines: string[] = [];
  for (let start = 0; start < rendered.length;) {
    let end = start + 1;
    if (!alone(rendered[start].text)) while (end < rendered.length && !alone(rendered[end].text)) end += 1;
    const group = rendered.slice(start, end);
    const width = Math.max(...group.map((a) => a.name.length));
    for (const a of group) lines.push(`${indent}${a.name.padEnd(width)} = ${a.text}${a.comment ? ` # ${a.comment}` : ''}`);
    start = end;
  }
  return lines;
}

/** A block: `header {` + its attributes + `}`. */
export function hclBlock(header: string, attributes: HclAttribute[]): string {
  return `${header} {\n${attributeLines(attributes, '  ').join('\n')}\n}\n`;
}
