// The Postfix migration as text: the Terraform configuration and the migration report for one config dir.
import { renderTerraformExport } from '../../export/terraform-export.ts';
import { renderMigrationReport } from '../migration-report.ts';
import { importPostfix } from './postfix-import.ts';

const INTRO = `# Migrated from Postfix (smtp-relay import postfix). Every object is created: terraform init && terraform apply.
# What each main.cf parameter became, and what has no equivalent, is in the migration report printed with it.
# One smtp_virtual_server per smtpd listener of master.cf, with its -o overrides applied.
# Passwords are never copied from smtp_sasl_password_maps: each is an ephemeral variable (see the comment above it).`;

const TITLES = {
  smtp_certificate: 'Certificate (Postfix: smtpd_tls_cert_file / smtpd_tls_key_file)',
  smtp_virtual_server: 'Virtual server (Postfix: an smtpd listener of master.cf with main.cf)',
  smtp_connection_rule: 'Connection rule (Postfix: smtpd_client_restrictions)',
  smtp_relay_rule: 'Relay rule (Postfix: mynetworks / check_client_access before reject_unauth_destination)',
  smtp_remote_domain: 'Remote domain (Postfix: relay_domains / transport_maps / smtp_tls_policy_maps)',
};

/** What a migration produces: HCL whose resources create the objects, and the Markdown report. */
export interface PostfixMigration {
  hcl: string;
  report: string;
}

/** Maps `configDir` and renders both texts; throws PostfixConfigError (file and line) before anything is rendered. */
export function migratePostfix(configDir: string): PostfixMigration {
  const imported = importPostfix(configDir);
  return {
    hcl: renderTerraformExport(imported.configuration, { intro: INTRO, adopt: false, titles: TITLES, expressions: imported.expressions }),
    report: renderMigrationReport({ product: 'Postfix', setting: 'Parameter', path: configDir }, imported.reports),
  };
}
