// smtp_account: an SMTP AUTH identity and API principal (DOMAIN\name) with a write-only password. The exemplar resource.
import type { ApiClient, Versioned } from '../client/api-client.ts';
import type { Resource, ResourceContext } from '../framework/resource.ts';
import { accountSchema } from '@relayform/schema/schemas/account-schema.ts';
import { attributesOf } from './schema-attributes.ts';

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
    attributes: attributesOf(accountSchema),
  },

  async create(plan, context) {
    const body = { name: plan.name, domain: plan.domain, password_wo: plan.password_wo, password_wo_version: plan.password_wo_version };
    return remember(context, await context.client.create<AccountBody>(COLLECTION, body, { what: 'creating smtp_account', adopt: { typeName: 'smtp_account', importId: (id) => id } }));
  },

  async read(state, context) {
    const found = await context.client.get<AccountBody>(item(state.id!), { what: `reading smtp_account ${state.id}` });
    return found ? remember(context, found) : null;
  },

  async update(plan, prior, context) {
    // A missing password (on create, or with a new version) was already a plan-time error (framework/write-only-plan.ts).
    const rotate = plan.password_wo_version !== prior.password_wo_version;
    const body = { name: plan.name, domain: plan.domain, password_wo_version: plan.password_wo_version, ...(rotate ? { password_wo: plan.password_wo } : {}) };
    return remember(context, await context.client.replace<AccountBody>(item(prior.id!), body, { what: `updating smtp_account ${prior.id}`, etag: etag(context) }));
  },

  async delete(state, context) {
    await context.client.remove(item(state.id!), { what: `deleting smtp_account ${state.id}`, etag: etag(context) });
  },
};
