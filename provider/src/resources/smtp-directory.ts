// smtp_directory: an Active Directory / LDAP connection whose users authenticate to the relay, with a write-only bind password.
import type { ApiClient, Versioned } from '../client/api-client.ts';
import type { Resource, ResourceContext } from '../framework/resource.ts';
import { applyDefaults } from '@relayform/schema/apply-defaults.ts';
import type { Directory } from '@relayform/schema/model.ts';
import { directorySchema } from '@relayform/schema/schemas/directory-schema.ts';
import { apiValue, terraformValue } from '@relayform/schema/terraform-form.ts';
import { attributesOf } from './schema-attributes.ts';

/** The Terraform model: attribute names as in HCL and the API. */
export type SmtpDirectory = Omit<Directory, 'id' | 'bind_password_wo'> & { id: string | null; bind_password_wo: string | null };

/** What the API returns (bind_password_wo never). */
type DirectoryBody = Omit<Directory, 'bind_password_wo'>;

const COLLECTION = '/v1/directories';
const item = (id: string) => `${COLLECTION}/${encodeURIComponent(id)}`;

/** Keeps the ETag for the next If-Match and returns the state form of what the API holds (secrets null). */
function remember(context: ResourceContext<ApiClient>, response: Versioned<DirectoryBody>): SmtpDirectory {
  context.private.set('etag', response.etag);
  return terraformValue(directorySchema, applyDefaults(directorySchema, response.body)) as unknown as SmtpDirectory;
}

const etag = (context: ResourceContext<ApiClient>) => context.private.get('etag') as string | undefined;

/** The full object for POST/PUT; the bind password only on create or when its version changes (`prior` null = create). */
function bodyOf(plan: SmtpDirectory, prior: SmtpDirectory | null): Record<string, unknown> {
  const { id: _id, bind_password_wo: _secret, ...rest } = apiValue(directorySchema, plan) as SmtpDirectory;
  const send = prior === null || plan.bind_password_wo_version !== prior.bind_password_wo_version;
  return { ...rest, ...(send ? { bind_password_wo: plan.bind_password_wo } : {}) };
}

/** The smtp_directory resource (registered in smtp-provider.ts): every attribute updates in place; import by id. */
export const smtpDirectory: Resource<SmtpDirectory, ApiClient> = {
  typeName: 'smtp_directory',
  schema: {
    description: 'A directory (Active Directory or another LDAP server) whose users authenticate to the relay with their directory ' +
      'password, like `smtp_account`s of its `domain`: SMTP AUTH PLAIN/LOGIN, the management API\'s Basic auth, and operators ' +
      '(`smtp_operator` with `directory_id` and the DN of a user or group). The bind password is write-only: it is sent on create ' +
      'and whenever `bind_password_wo_version` changes, and never stored in state. Import by id.',
    attributes: attributesOf(directorySchema),
  },

  async create(plan, context) {
    return remember(context, await context.client.create<DirectoryBody>(COLLECTION, bodyOf(plan, null), {
      what: 'creating smtp_directory', adopt: { typeName: 'smtp_directory', importId: (id) => id },
    }));
  },

  async read(state, context) {
    const found = await context.client.get<DirectoryBody>(item(state.id!), { what: `reading smtp_directory ${state.id}` });
    return found ? remember(context, found) : null;
  },

  async update(plan, prior, context) {
    return remember(context, await context.client.replace<DirectoryBody>(item(prior.id!), bodyOf(plan, prior), {
      what: `updating smtp_directory ${prior.id}`, etag: etag(context),
    }));
  },

  async delete(state, context) {
    await context.client.remove(item(state.id!), { what: `deleting smtp_directory ${state.id}`, etag: etag(context) });
  },
};
