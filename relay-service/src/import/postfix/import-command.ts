// `smtp-relay import postfix --config-dir /etc/postfix [--report report.md]`: the HCL on stdout, the report on stderr.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { migratePostfix, type PostfixMigration } from './postfix-terraform.ts';

export const importPostfixUsage = 'usage: smtp-relay import postfix --config-dir /etc/postfix [--report report.md] > main.tf\n' +
  '  reads main.cf, master.cf and the cidr:/hash:/texthash: tables they name (hash: from the source file beside the .db);\n' +
  '  writes Terraform configuration (one virtual server per smtpd listener) on stdout and the migration report on stderr (and to --report)';

/** Runs `import postfix` (`argv` after it): maps the config dir and renders HCL and report; writes the report file when asked. */
export function runImportPostfixCommand(argv: string[]): PostfixMigration {
  const { values, positionals } = parseArgs({ args: argv, options: { 'config-dir': { type: 'string' }, report: { type: 'string' } }, allowPositionals: true });
  if (!values['config-dir'] || positionals.length > 0) throw new Error(importPostfixUsage);
  const output = migratePostfix(values['config-dir']);
  if (values.report) writeFileSync(values.report, output.report);
  return output;
}
