// smtp_account: an SMTP AUTH identity and API principal (DOMAIN\name) with a write-only password. The exemplar resource.
import type { ApiClient, Versioned } from '../client/api-client.ts';
import { DiagnosticsError } from '../framework/diagnostics-error.ts';
import type { Resource, ResourceContext } from '../framework/resource.ts';
import { attribute } from '../framework/schema/attribute.ts';
import { between, stringMatching } from '../framework/validators/value-validators.ts';

/** The Terraform model: attribute names as in HCL and the API. */
export interface SmtpAccount {
  id: string | null;
  name: string;
  domain: string;
  password_wo: string | null;
  password_wo_version: number | null;
}

/** What the API returns (password_wo never). */
type AccountBody = Omit<SmtpAccount, 'password_wo'>;

const COLLECTION = '/v1/accounts';
const item = (id: string) => `${COLLECTION}/${encodeURIComponent(id)}`;

/** Keeps the version the API returned so the next update or delete can say If-Match. */
function remember(context: ResourceContext<ApiClient>, response: Versioned<AccountBody>): SmtpAccount {
  context.private.set('etag', response.etag);
  const { id, name, domain, password_wo_version } = response.body;
  return { id, name, domain, password_wo: null, password_wo_version: password_wo_version ?? null };
}

const etag = (context: ResourceContext<ApiClient>) => context.private.get('etag') as string | undefined;

/**
 * The smtp_account resource (registered in smtp-provider.ts). Name changes replace the account; domain and
 * password_wo_version update in place; import by id. The ETag of the last read travels in private data.
 */
export const smtpAccount: Resource<SmtpAccount, ApiClient> = {
  typeName: 'smtp_account',
  schema: {
    description: 'An account of the relay: an SMTP AUTH identity (`DOMAIN\\name`) and a management API principal. ' +
      'The password is write-only: it is sent on create and whenever `password_wo_version` changes, and never stored in state.',
    attributes: {
      id: attribute.string({ description: 'The account id assigned by the relay.', computed: true, useStateForUnknown: true }),
      name: attribute.string({
        description: 'The account name (without domain). Changing it replaces the account.',
        required: true,
        requiresReplace: true,
        validators: [stringMatching(/^[^\\@\s:]+$/, 'a name without "\\", "@", ":" or spaces', { min: 1, max: 128 })],
      }),
      domain: attribute.string({
        description: 'Windows-style domain the account belongs to; `""` for none. Defaults to `""`.',
        default: '',
        validators: [stringMatching(/^[^\\@\s:]*$/, 'a domain without "\\", "@", ":" or spaces', { max: 128 })],
      }),
      password_wo: attribute.string({
        description: 'The password (write-only, Terraform 1.11+). Required when creating the account; sent again only when `password_wo_version` changes.',
        optional: true,
        writeOnly: true,
        sensitive: true,
        validators: [stringMatching(/^[\s\S]+$/, 'a non-empty password of at most 1024 characters', { min: 1, max: 1024 })],
      }),
      password_wo_version: attribute.number({
        description: 'Any number you change to make Terraform send `password_wo` again (password rotation).',
        optional: true,
        validators: [between(0, Number.MAX_SAFE_INTEGER, { integer: true })],
      }),
    },
  },

  async create(plan, context) {
    if (plan.password_wo === null) throw DiagnosticsError.attribute([{ attribute: 'password_wo' }], 'Missing password', 'password_wo is required when creating an account.');
    const body = { name: plan.name, domain: plan.domain, password_wo: plan.password_wo, password_wo_version: plan.password_wo_version };
    return remember(context, await context.client.create<AccountBody>(COLLECTION, body, { what: 'creating smtp_account' }));
  },

  async read(state, context) {
    const found = await context.client.get<AccountBody>(item(state.id!), { what: `reading smtp_account ${state.id}` });
    return found ? remember(context, found) : null;
  },

  async update(plan, prior, context) {
    const rotate = plan.password_wo_version !== prior.password_wo_version;
    if (rotate && plan.password_wo === null) {
      throw DiagnosticsError.attribute([{ attribute: 'password_wo' }], 'Missing password', 'password_wo must be set when password_wo_version changes.');
    }
    const body = { name: plan.name, domain: plan.domain, password_wo_version: plan.password_wo_version, ...(rotate ? { password_wo: plan.password_wo } : {}) };
    return remember(context, await context.client.replace<AccountBody>(item(prior.id!), body, { what: `updating smtp_account ${prior.id}`, etag: etag(context) }));
  },

  async delete(state, context) {
    await context.client.remove(item(state.id!), { what: `deleting smtp_account ${state.id}`, etag: etag(context) });
  },
};
