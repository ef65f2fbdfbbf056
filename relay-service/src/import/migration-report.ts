// The migration report of an import (IIS, Postfix) as Markdown: per virtual server, every setting found and what it became, then the warnings.

/** One line of the migration report: a source setting, where it was found, and what it became. */
export interface ReportLine {
  property: string;
  /** Where the value came from (an IIS Location, `main.cf:12`). */
  from: string;
  /** The value as shown in the report (decoded lists, never a secret). */
  value: string;
  mapped: boolean;
  /** "limits.max_connections = 500", or why it is not mapped. */
  outcome: string;
}

/** The migration report of one virtual server: every setting found and what it became, and the warnings. */
export interface ServerReport {
  title: string;
  location: string;
  lines: ReportLine[];
  warnings: string[];
}

/** What the report calls the source: its heading and the name of a setting. */
export interface ReportSource {
  /** "IIS SMTP", "Postfix". */
  product: string;
  /** "Property", "Parameter". */
  setting: string;
  /** The source as given on the command line (a metabase path, a config dir). */
  path: string;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** Renders `reports` for `source`; the same input gives the same text. */
export function renderMigrationReport(source: ReportSource, reports: ServerReport[]): string {
  const plural = `${source.setting.toLowerCase().replace(/y$/, 'ie')}s`;
  const out = [`# ${source.product} migration report`, '', `Source: ${source.path}`, ''];
  for (const report of reports) {
    const mapped = report.lines.filter((line) => line.mapped).length;
    out.push(`## ${report.title} (${report.location})`, '',
      `${report.lines.length} ${plural}: ${mapped} mapped, ${report.lines.length - mapped} not mapped.`, '',
      `| ${source.setting} | From | Value | Result |`, '|---|---|---|---|');
    for (const line of report.lines) {
      out.push(`| ${cell(line.property)} | ${cell(line.from)} | ${cell(line.value)} | ${line.mapped ? 'mapped: ' : 'not mapped: '}${cell(line.outcome)} |`);
    }
    out.push('', `### Warnings (${report.warnings.length})`, '');
    out.push(...(report.warnings.length > 0 ? report.warnings.map((warning) => `- WARNING ${warning}`) : ['None.']), '');
  }
  return out.join('\n');
}
