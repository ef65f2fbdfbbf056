// The migration report as Markdown: per virtual server, every IIS property found and what it became, then the warnings.
import type { ServerReport } from './iis-import.ts';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** Renders `reports` for `source` (the metabase path as given); the same input gives the same text. */
export function renderMigrationReport(source: string, reports: ServerReport[]): string {
  const out = [`# IIS SMTP migration report`, '', `Source: ${source}`, ''];
  for (const report of reports) {
    const mapped = report.lines.filter((line) => line.mapped).length;
    out.push(`## ${report.title} (${report.location})`, '',
      `${report.lines.length} properties: ${mapped} mapped, ${report.lines.length - mapped} not mapped.`, '',
      '| Property | From | Value | Result |', '|---|---|---|---|');
    for (const line of report.lines) {
      out.push(`| ${cell(line.property)} | ${cell(line.from)} | ${cell(line.value)} | ${line.mapped ? 'mapped: ' : 'not mapped: '}${cell(line.outcome)} |`);
    }
    out.push('', `### Warnings (${report.warnings.length})`, '');
    out.push(...(report.warnings.length > 0 ? report.warnings.map((warning) => `- WARNING ${warning}`) : ['None.']), '');
  }
  return out.join('\n');
}
