// The smtp provider: its configuration (endpoint and credentials), the one API client, and every resource, data source and ephemeral resource type.
import { managedByHeader, terraformManager } from '@relayform/schema/managed-by.ts';
import packageJson from '../package.json' with { type: 'json' };
import { ApiClient } from './client/api-client.ts';
import { resolveClientSettings, type ProviderConfig } from './client/client-settings.ts';
import { smtpRelayCheckData } from './data-sources/smtp-relay-check.ts';
import { smtpVirtualServerData } from './data-sources/smtp-virtual-server.ts';
import { smtpToken } from './ephemeral-resources/smtp-token.ts';
import type { ProviderDefinition } from './framework/provider-definition.ts';
import { attribute } from './framework/schema/attribute.ts';
import { smtpAccount } from './resources/smtp-account.ts';
import { smtpCertificate } from './resources/smtp-certificate.ts';
import { smtpConnectionRule } from './resources/smtp-connection-rule.ts';
import { smtpConnectionRules } from './resources/smtp-connection-rules.ts';
import { smtpDirectory } from './resources/smtp-directory.ts';
import { smtpOperator } from './resources/smtp-operator.ts';
import { smtpRelayRule } from './resources/smtp-relay-rule.ts';
import { smtpRelayRules } from './resources/smtp-relay-rules.ts';
import { smtpRemoteDomain } from './resources/smtp-remote-domain.ts';
import { smtpVirtualServer } from './resources/smtp-virtual-server.ts';

/**
 * The provider for `env` (the process environment, read here once and nowhere deeper): configure
 * builds the ApiClient every resource uses.
 */
export function smtpProvider(env: NodeJS.ProcessEnv): ProviderDefinition<ApiClient, ProviderConfig> {
  return {
    typeName: 'smtp',
    schema: {
      description: 'Configures a Relayform SMTP relay through its management API. An attribute set in the provider block wins; ' +
        'the `SMTP_RELAY_*` environment variables only fill attributes the block leaves null, so an alias with `username`/`password` ' +
        'works while `SMTP_RELAY_TOKEN` is exported.',
      attributes: {
        endpoint: attribute.string({ description: 'Management API URL, e.g. `http://127.0.0.1:8025`. Env: `SMTP_RELAY_ENDPOINT`.', optional: true }),
        token: attribute.string({
          description: 'Bearer token: the admin token, or one issued to an account (e.g. the `token` of an `smtp_token` ephemeral resource, for an alias ' +
            'acting as that account). Env: `SMTP_RELAY_TOKEN`, used only when the block sets none of `token`, `username`, `password`.',
          optional: true, sensitive: true,
        }),
        username: attribute.string({
          description: 'Account name (`DOMAIN\\name` or `name`), with `password` instead of a token; set here, it wins over an exported `SMTP_RELAY_TOKEN`. Env: `SMTP_RELAY_USERNAME`.',
          optional: true,
        }),
        password: attribute.string({ description: 'Password of `username`. Env: `SMTP_RELAY_PASSWORD`.', optional: true, sensitive: true }),
        ca_cert_pem: attribute.string({ description: 'PEM CA certificate to trust for an `https://` endpoint.', optional: true }),
      },
    },
    configure: async (config, { logger, signal, terraformVersion }) => new ApiClient(resolveClientSettings(config, env), {
      logger, signal, userAgent: `Terraform/${terraformVersion} terraform-provider-smtp/${packageJson.version}`,
    }),
    // Resources (not data sources, not the token) tell the relay that Terraform manages the objects they touch.
    resourceClient: (client) => client.withHeaders({ [managedByHeader]: terraformManager }),
    resources: [
      smtpVirtualServer, smtpAccount, smtpOperator, smtpCertificate, smtpConnectionRule, smtpConnectionRules, smtpRelayRule, smtpRelayRules,
      smtpRemoteDomain, smtpDirectory,
    ],
    dataSources: [smtpVirtualServerData, smtpRelayCheckData],
    ephemeralResources: [smtpToken],
  };
}
