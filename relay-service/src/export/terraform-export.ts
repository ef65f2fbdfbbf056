// Renders a relay's whole configuration as Terraform: provider setup, then per object an `import {}` block and
// a resource block whose values equal what the relay has, so `terraform plan` in a fresh directory only imports.
import type { AddressMatch, OutboundSecurity } from '@relayform/schema/model.ts';
import { accountSchema } from '@relayform/schema/schemas/account-schema.ts';
import { certificateSchema } from '@relayform/schema/schemas/certificate-schema.ts';
import { connectionRuleSchema, relayRuleSchema } from '@relayform/schema/schemas/address-rule-schema.ts';
import type { JsonSchema } from '@relayform/schema/schemas/json-schema.ts';
import { operatorSchema } from '@relayform/schema/schemas/operator-schema.ts';
import { remoteDomainSchema } from '@relayform/schema/schemas/remote-domain-schema.ts';
import { virtualServerSchema } from '@relayform/schema/schemas/virtual-server-schema.ts';
import { renderResource, type ExportedResource, type SecretVariable } from './exported-resource.ts';
import { exportedAttributes, type ExportContext, type Json } from './attribute-selection.ts';
import { HclExpression, type HclValue } from './hcl-syntax.ts';
import type { RelayConfiguration } from './relay-configuration.ts';
import { TerraformNames } from './terraform-names.ts';

const TERRAFORM_BLOCKS = `terraform {
  required_version = ">= 1.11" # write-only attributes, ephemeral variables
  required_providers {
    smtp = { source = "relayform/smtp" }
  }
}

provider "smtp" {} # endpoint and credentials from SMTP_RELAY_ENDPOINT and SMTP_RELAY_TOKEN
`;

/** How the configuration is written: the comment that opens it, and whether each object is adopted (imported) or created. */
export interface RenderOptions {
  /** Comment lines (each starting with `#`) above the terraform block. */
  intro: string;
  /** true: an `import {}` block per object (a running relay's export); false: the resources are created (a migration). */
  adopt: boolean;
  /** The comment above each resource of a type, where the source calls it something else (`smtp_relay_rule` -> "Relay rule (Postfix: mynetworks)"). */
  titles?: Partial<Record<string, string>>;
  /** Values the source gives as expressions, by object id then dotted path (a certificate's `file("...")`); they replace the object's value. */
  expressions?: ReadonlyMap<string, Record<string, HclExpression>>;
}

const EXPORT_INTRO = `# Exported from a running smtp-relay (smtp-relay export --hcl, or GET /v1/export?format=hcl).
# In an empty directory: terraform init && terraform plan   -> every object is imported, nothing changes.
# Then terraform apply adopts them; from there on this file is the configuration.
# References between objects are expressions (virtual_server_id = smtp_virtual_server.<name>.id).
# Secrets cannot be exported: each is an ephemeral variable (see the comment above it).`;

/** The Terraform configuration (HCL text) for every object of `config`: by default the export that imports them. */
export function renderTerraformExport(config: RelayConfiguration, options: RenderOptions = { intro: EXPORT_INTRO, adopt: true }): string {
  const names = new TerraformNames();
  const refs = new Map<string, HclExpression>();
  const resources: ExportedResource[] = [];
  const add = (resource: ExportedResource, id: string) => {
    resources.push(options.adopt ? resource : { ...resource, importId: null });
    refs.set(id, new HclExpression(`${resource.type}.${resource.name}.id`));
  };
  const ref = (id: string): HclValue => refs.get(id) ?? id;
  const attributes = (schema: JsonSchema, doc: object, expressions: ExportContext['expressions'] = {}) =>
    exportedAttributes(schema, doc as Json, { ref, expressions: { ...expressions, ...options.expressions?.get(String((doc as Json).id)) } });
  const title = (type: string, otherwise: string) => options.titles?.[type] ?? otherwise;

  for (const account of config.accounts) {
    const name = names.name('smtp_account', ...(account.domain ? [account.domain] : []), account.name);
    const password = secret(`${name}_password`, `Password of account ${account.domain ? `${account.domain}\\` : ''}${account.name}.`);
    add({
      type: 'smtp_account', name, importId: account.id, title: title('smtp_account', 'Account (IIS: Windows user account)'), secrets: [password],
      attributes: attributes(accountSchema, account, { password_wo: new HclExpression(`var.${password.name}`) }),
    }, account.id);
  }
  for (const certificate of config.certificates) {
    const name = names.name('smtp_certificate', certificate.name);
    // A key version is only ever sent with an imported PEM; without one the relay generated the key pair.
    const imported = certificate.private_key_pem_wo_version !== null;
    const keyGiven = options.expressions?.get(certificate.id)?.private_key_pem_wo !== undefined;
    const key = secret(`${name}_private_key_pem`, `PEM private key of certificate "${certificate.name}" (only needed to create it again).`);
    add({
      type: 'smtp_certificate', name, importId: certificate.id, title: title('smtp_certificate', 'Certificate (IIS: Key Certificate wizard)'),
      secrets: imported && !keyGiven ? [key] : [],
      attributes: attributes(certificateSchema, imported
        ? { name: certificate.name, certificate_pem: certificate.certificate_pem, private_key_pem_wo_version: certificate.private_key_pem_wo_version }
        : { name: certificate.name, common_name: certificate.common_name, key_algorithm: certificate.key_algorithm, validity_days: certificate.validity_days,
            ...(certificate.subject_alternative_names.length ? { subject_alternative_names: certificate.subject_alternative_names } : {}) },
      { ...(imported && !keyGiven ? { private_key_pem_wo: new HclExpression(`var.${key.name}`) } : {}), ...options.expressions?.get(certificate.id) }),
    }, certificate.id);
  }
  const serverNames = new Map<string, string>();
  for (const server of config.virtualServers) {
    const name = names.name('smtp_virtual_server', server.name);
    serverNames.set(server.id, name);
    const outbound = outboundSecrets(server.delivery.outbound_security, 'delivery.outbound_security', `${name}_smart_host_password`,
      `Password for the smart host of virtual server "${server.name}".`);
    add({
      type: 'smtp_virtual_server', name, importId: server.id, title: title('smtp_virtual_server', 'Virtual server (IIS: SMTP virtual server properties)'), secrets: outbound.secrets,
      attributes: attributes(virtualServerSchema, server, outbound.expressions),
    }, server.id);
  }
  const child = (virtualServerId: string, id: string) => ({ importId: `${virtualServerId}/${id}`, vs: serverNames.get(virtualServerId) ?? 'virtual_server' });
  for (const operator of config.operators) {
    const { importId, vs } = child(operator.virtual_server_id, operator.id);
    const account = config.accounts.find((a) => a.id === operator.account_id);
    add({
      type: 'smtp_operator', name: names.name('smtp_operator', vs, account?.name ?? operator.account_id), importId, title: title('smtp_operator', 'Operator (IIS: Security tab)'), secrets: [],
      attributes: attributes(operatorSchema, operator),
    }, operator.id);
  }
  for (const [type, rules, schema, ruleTitle] of [
    ['smtp_connection_rule', config.connectionRules, connectionRuleSchema, 'Connection rule (IIS: Access tab > Connection)'],
    ['smtp_relay_rule', config.relayRules, relayRuleSchema, 'Relay rule (IIS: Access tab > Relay restrictions)'],
  ] as const) {
    for (const rule of rules) {
      const { importId, vs } = child(rule.virtual_server_id, rule.id);
      add({
        type, name: names.name(type, vs, matchLabel(rule)), importId, title: title(type, ruleTitle), secrets: [],
        attributes: attributes(schema, rule),
      }, rule.id);
    }
  }
  for (const domain of config.remoteDomains) {
    const { importId, vs } = child(domain.virtual_server_id, domain.id);
    const name = names.name('smtp_remote_domain', vs, domain.name.replace('*.', 'any_'));
    const outbound = outboundSecrets(domain.outbound_security, 'outbound_security', `${name}_password`, `Password for the next hop of remote domain "${domain.name}".`);
    add({
      type: 'smtp_remote_domain', name, importId, title: title('smtp_remote_domain', 'Remote domain (IIS: Domains > Remote domain properties)'), secrets: outbound.secrets,
      attributes: attributes(remoteDomainSchema, domain, outbound.expressions),
    }, domain.id);
  }
  return [`${options.intro}\n\n${TERRAFORM_BLOCKS}`, ...resources.map(renderResource)].join('\n');
}

/**
 * The variables for outbound security's write-only secrets, wherever one may be set: the password for basic and integrated
 * authentication (or when a version says one was sent), the client secret for oauth2. `at` is the object's dotted path.
 */
function outboundSecrets(security: OutboundSecurity, at: string, variable: string, description: string): { expressions: Record<string, HclExpression>; secrets: SecretVariable[] } {
  const expressions: Record<string, HclExpression> = {};
  const secrets: SecretVariable[] = [];
  if (!['anonymous', 'oauth2'].includes(security.authentication) || security.password_wo_version !== null) {
    const password = secret(variable, description);
    expressions[`${at}.password_wo`] = new HclExpression(`var.${password.name}`);
    secrets.push(password);
  }
  if (security.authentication === 'oauth2' || security.client_secret_wo_version !== null) {
    const clientSecret = secret(variable.replace(/_password$/, '_client_secret'), description.replace(/^Password/, 'OAuth2 client secret'));
    expressions[`${at}.client_secret_wo`] = new HclExpression(`var.${clientSecret.name}`);
    secrets.push(clientSecret);
  }
  return { expressions, secrets };
}

function secret(name: string, description: string): SecretVariable {
  return { name, description };
}

function matchLabel(rule: AddressMatch): string {
  if (rule.cidr) return rule.cidr;
  if (rule.ip_address) return rule.subnet_mask ? `${rule.ip_address}_${rule.subnet_mask}` : rule.ip_address;
  return rule.domain ?? 'rule';
}
