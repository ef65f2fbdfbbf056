// JSON Schema of a directory connection: Active Directory or another LDAP server whose accounts the relay accepts.
import { idSchema, secretVersionSchema, terraform, type JsonSchema } from './json-schema.ts';

/** The filter a flavour uses when `user_filter` is null; `{user}` is the login name, escaped (RFC 4515). */
export const defaultUserFilters = {
  // 1.2.840.113556.1.4.803 is LDAP_MATCHING_RULE_BIT_AND; bit 2 of userAccountControl is ACCOUNTDISABLE.
  active_directory: '(&(objectClass=user)(|(sAMAccountName={user})(userPrincipalName={user}))(!(userAccountControl:1.2.840.113556.1.4.803:=2)))',
  openldap: '(uid={user})',
} as const;

/** Directory (model.ts). `bind_password_wo` is required on create and never returned. */
export const directorySchema: JsonSchema = {
  title: 'Directory',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'domain', 'urls', 'bind_dn', 'user_search_base'],
  properties: {
    id: idSchema('directory'),
    name: { type: 'string', minLength: 1, maxLength: 200, ...terraform('A name for humans ({minLength} to {maxLength} characters).') },
    domain: {
      type: 'string', minLength: 1, maxLength: 128, pattern: '^[^\\\\@\\s:]+$',
      ...terraform('The Windows-style domain (`CORP`) whose users this directory answers for: `CORP\\alice`, `alice@CORP`, or a bare ' +
        '`alice` on a virtual server whose `authentication.basic_default_domain` is `CORP`. Unique across directories (case-insensitive); ' +
        'a local `smtp_account` of the same name and domain is checked first.', { rule: 'a domain without "\\", "@", ":" or spaces' }),
    },
    flavor: {
      type: 'string', enum: ['active_directory', 'openldap'], default: 'active_directory',
      ...terraform('Which defaults apply: `"active_directory"` (user filter on `sAMAccountName`/`userPrincipalName` without disabled accounts, ' +
        'nested groups through `LDAP_MATCHING_RULE_IN_CHAIN`) or `"openldap"` (`uid`, groups by `member`). Defaults to {default}.'),
    },
    urls: {
      type: 'array', minItems: 1, maxItems: 10, uniqueItems: true, items: { type: 'string', format: 'ldap-url' },
      ...terraform('Directory servers tried in this order until one answers (`ldaps://dc1.corp.example`, `ldap://dc2.corp.example:389`).'),
    },
    start_tls: {
      type: 'boolean', default: true,
      ...terraform('Upgrade `ldap://` connections with StartTLS before binding (`ldaps://` is TLS from the start). ' +
        '`false` sends the bind password in clear over `ldap://` URLs. Defaults to {default}.'),
    },
    tls_ca_pem: {
      type: ['string', 'null'], format: 'pem-certificates', default: null,
      ...terraform('PEM certificates trusted besides the system roots for the directory servers\' certificates (your enterprise CA). ' +
        'The certificate must always chain to a trusted root and name the host in the URL.'),
    },
    bind_dn: {
      type: 'string', minLength: 1, maxLength: 1024,
      ...terraform('The service account the relay binds as to look users up (`CN=svc-relay,OU=Service,DC=corp,DC=example`).'),
    },
    bind_password_wo: {
      type: 'string', minLength: 1, maxLength: 1024, writeOnly: true, description: 'Required on create; write-only.',
      ...terraform('The service account\'s password (write-only, Terraform 1.11+). Required when creating the directory; sent again only when ' +
        '`bind_password_wo_version` changes.', { requiredOnCreate: {} }),
    },
    bind_password_wo_version: secretVersionSchema('Any number you change to make Terraform send `bind_password_wo` again (password rotation).'),
    user_search_base: {
      type: 'string', minLength: 1, maxLength: 1024, ...terraform('The DN users are searched under (subtree), e.g. `DC=corp,DC=example`.'),
    },
    user_filter: {
      type: ['string', 'null'], minLength: 1, maxLength: 1024, pattern: '\\{user\\}', default: null,
      ...terraform('LDAP filter that finds one enabled user; `{user}` stands for the login name (escaped per RFC 4515). Unset: the flavor\'s ' +
        `default, \`${defaultUserFilters.active_directory}\` or \`${defaultUserFilters.openldap}\`.`, { rule: 'a filter containing {user}' }),
    },
    group_search_base: {
      type: ['string', 'null'], minLength: 1, maxLength: 1024, default: null,
      ...terraform('The DN groups are searched under for `"openldap"` membership. Unset: `user_search_base`.'),
    },
    max_group_depth: {
      type: 'integer', minimum: 1, maximum: 20, default: 5,
      ...terraform('How many levels of nested groups `"openldap"` membership follows ({minimum}-{maximum}). Defaults to {default}.'),
    },
    timeout_seconds: {
      type: 'integer', minimum: 1, maximum: 60, default: 5,
      ...terraform('Connect and operation timeout per directory server, in seconds; then the next URL is tried. Defaults to {default}.'),
    },
    cache_ttl_seconds: {
      type: 'integer', minimum: 0, maximum: 900, default: 60,
      ...terraform('How long a successful login and its group memberships are reused without asking the directory (0 = never). ' +
        'Only a salted hash of the password is kept. A user removed from a group loses its rights within this time. Defaults to {default}.'),
    },
    negative_cache_seconds: {
      type: 'integer', minimum: 0, maximum: 30, default: 5,
      ...terraform('How long "no such user" is remembered ({minimum}-{maximum} s). Defaults to {default}.'),
    },
  },
};
