// `smtp-relay import iis --metabase MetaBase.xml [--server N|--all] [--report report.md]`: the HCL on stdout, the report on stderr.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { renderTerraformExport } from '../../export/terraform-export.ts';
import { importIis } from './iis-import.ts';
import { renderMigrationReport } from './migration-report.ts';

export const importIisUsage = 'usage: smtp-relay import iis --metabase MetaBase.xml [--server N | --all] [--report report.md] [--operator DOMAIN\\name ...] > main.tf\n' +
  '  writes Terraform configuration for the IIS 6 SMTP virtual server(s) on stdout and the migration report on stderr (and to --report);\n' +
  '  --operator (repeatable) names an operator of the IIS Security tab (MetaBase.xml keeps them encrypted): an smtp_account placeholder + smtp_operator';

const INTRO = `# Migrated from IIS 6 SMTP (smtp-relay import iis). Every object is created: terraform init && terraform apply.
# What each IIS property became, and what has no equivalent, is in the migration report printed with it.
# References between objects are expressions (virtual_server_id = smtp_virtual_server.<name>.id).
# Passwords are never in a metabase export: each is an ephemeral variable (see the comment above it).`;

/** What the command produces: the HCL for stdout and the report for stderr. Nothing is written before both exist. */
export interface ImportOutput {
  hcl: string;
  report: string;
}

/**
 * Runs `import iis` (`argv` after `import iis`): reads the metabase, maps it and renders HCL and report; writes the
 * report file when asked. Throws an Error with a message for the user on bad flags or bad input.
 */
export function runImportIisCommand(argv: string[]): ImportOutput {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { metabase: { type: 'string' }, server: { type: 'string' }, all: { type: 'boolean' }, report: { type: 'string' }, operator: { type: 'string', multiple: true } },
    allowPositionals: true,
  });
  if (!values.metabase || positionals.length > 0) throw new Error(importIisUsage);
  if (values.server !== undefined && values.all) throw new Error(`--server and --all exclude each other\n${importIisUsage}`);
  if (values.server !== undefined && !/^\d+$/.test(values.server)) throw new Error(`--server must be the virtual server's number (the N of /LM/SmtpSvc/N), got "${values.server}"`);
  let xml: string;
  try {
    xml = readFileSync(values.metabase, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${values.metabase}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
  const imported = importIis(xml, { server: values.server, all: values.all, operators: values.operator });
  const output = { hcl: renderTerraformExport(imported.configuration, { intro: INTRO, adopt: false }), report: renderMigrationReport(values.metabase, imported.reports) };
  if (values.report) writeFileSync(values.report, output.report);
  return output;
}
