// The IIS migration as text: the Terraform configuration and the migration report for one metabase (CLI and API share it).
import { renderTerraformExport } from '../../export/terraform-export.ts';
import { importIis, type ServerSelection } from './iis-import.ts';
import { renderMigrationReport } from '../migration-report.ts';

const INTRO = `# Migrated from IIS 6 SMTP (smtp-relay import iis). Every object is created: terraform init && terraform apply.
# What each IIS property became, and what has no equivalent, is in the migration report printed with it.
# References between objects are expressions (virtual_server_id = smtp_virtual_server.<name>.id).
# Passwords are never in a metabase export: each is an ephemeral variable (see the comment above it).`;

/** What a migration produces: HCL whose resources create the objects, and the Markdown report. */
export interface IisMigration {
  hcl: string;
  report: string;
}

/**
 * Maps `xml` (MetaBase.xml) for `selection` and renders both texts; `source` names the metabase in the report.
 * Throws MetabaseError (naming the element and property) before anything is rendered.
 */
export function migrateIis(xml: string, selection: ServerSelection, source: string): IisMigration {
  const imported = importIis(xml, selection);
  return { hcl: renderTerraformExport(imported.configuration, { intro: INTRO, adopt: false }), report: renderMigrationReport({ product: 'IIS SMTP', setting: 'Property', path: source }, imported.reports) };
}
