// Human output of the operator commands: aligned text tables (as mailq prints), ages and sizes in short units.

/** Renders rows under headers, columns padded to the widest cell; cells longer than `maxWidth` are cut with an ellipsis. */
export function renderTable(headers: string[], rows: string[][], maxWidth = 60): string {
  const cut = (cell: string) => (cell.length > maxWidth ? `${cell.slice(0, maxWidth - 1)}…` : cell);
  const cells = [headers, ...rows.map((row) => row.map((cell) => cut(cell.replace(/\s+/g, ' '))))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => row[column]?.length ?? 0)));
  return cells.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ').trimEnd()).join('\n') + '\n';
}

/** "45s", "12m", "3h", "2d" from milliseconds (negative: "now"). */
export function shortDuration(ms: number): string {
  if (ms <= 0) return 'now';
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86_400)}d`;
}

/** "512", "12K", "3.4M" bytes. */
export function shortSize(bytes: number): string {
  if (bytes < 1024) return String(bytes);
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)}K`;
  return `${(bytes / 1024 / 1024).toFixed(1)}M`;
}

/** Indented `name: value` lines for a detail view; null and empty values shown as "-". */
export function renderFields(fields: Array<[string, unknown]>, indent = ''): string {
  const width = Math.max(...fields.map(([name]) => name.length));
  return fields.map(([name, value]) => `${indent}${`${name}:`.padEnd(width + 1)} ${value === null || value === undefined || value === '' ? '-' : String(value)}`).join('\n') + '\n';
}
