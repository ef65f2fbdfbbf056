// `smtp-relay import iis --metabase MetaBase.xml [--server N|--all] [--report report.md]`: the HCL on stdout, the report on stderr.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { migrateIis, type IisMigration } from './iis-terraform.ts';

export const importIisUsage = 'usage: smtp-relay import iis --metabase MetaBase.xml [--server N | --all] [--report report.md] [--operator DOMAIN\\name ...] > main.tf\n' +
  '  writes Terraform configuration for the IIS 6 SMTP virtual server(s) on stdout and the migration report on stderr (and to --report);\n' +
  '  --operator (repeatable) names an operator of the IIS Security tab (MetaBase.xml keeps them encrypted): an smtp_account placeholder + smtp_operator';

/**
 * Runs `import iis` (`argv` after `import iis`): reads the metabase, maps it and renders HCL and report (the caller
 * prints them; nothing is printed before both exist); writes the report file when asked. Throws an Error with a
 * message for the user on bad flags or bad input.
 */
export function runImportIisCommand(argv: string[]): IisMigration {
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
  const output = migrateIis(xml, { server: values.server, all: values.all, operators: values.operator }, values.metabase);
  if (values.report) writeFileSync(values.report, output.report);
  return output;
}
