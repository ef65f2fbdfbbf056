// smtp_operator: grants an account, or a directory user or group, the right to manage one virtual server.
import type { ApiClient } from '../client/api-client.ts';
import type { Resource } from '../framework/resource.ts';
import { operatorSchema } from '@relayform/schema/schemas/operator-schema.ts';
import { attributesOf } from './schema-attributes.ts';
import { replacementOnly } from './replacement-only.ts';
import { CHILD_IMPORT_ID, childPaths, lastEtag, childImportIds, remember, type ChildIds } from './virtual-server-child.ts';

/** The Terraform model: attribute names as in HCL and the API. */
export interface SmtpOperator extends ChildIds {
  account_id: string | null;
  directory_id: string | null;
  directory_dn: string | null;
}

const paths = childPaths('operators');

const fromApi = ({ id, virtual_server_id, account_id, directory_id, directory_dn }: Partial<SmtpOperator> & ChildIds): SmtpOperator =>
  ({ id, virtual_server_id, account_id: account_id ?? null, directory_id: directory_id ?? null, directory_dn: directory_dn ?? null });

/** The API body: only the members the configuration sets (the API refuses an account and a directory DN together). */
const bodyOf = ({ account_id, directory_id, directory_dn }: SmtpOperator) =>
  Object.fromEntries(Object.entries({ account_id, directory_id, directory_dn }).filter(([, value]) => value !== null));

export const smtpOperator: Resource<SmtpOperator, ApiClient> = {
  typeName: 'smtp_operator',
  schema: {
    description: 'An operator of a virtual server: the account (`account_id`), or the directory user or every member of the ' +
      'directory group (`directory_id` and `directory_dn`), may read and change that virtual server, its connection ' +
      'and relay rules, remote domains and operators through the management API, and nothing else. ' +
      `Import with an id of the form \`${CHILD_IMPORT_ID}\` or the bare \`<id>\` (ids are unique across virtual servers).`,
    attributes: attributesOf(operatorSchema),
  },

  async create(plan, context) {
    const created = await context.client.create<SmtpOperator>(paths.collection(plan.virtual_server_id), bodyOf(plan), {
      what: 'creating smtp_operator', adopt: { typeName: 'smtp_operator', importId: (id) => `${plan.virtual_server_id}/${id}` },
    });
    return fromApi(remember(context, created));
  },

  async read(state, context) {
    const found = await context.client.get<SmtpOperator>(paths.item(state), { what: `reading smtp_operator ${state.id}` });
    return found ? fromApi(remember(context, found)) : null;
  },

  update: replacementOnly('smtp_operator'),

  async delete(state, context) {
    await context.client.remove(paths.item(state), { what: `deleting smtp_operator ${state.id}`, etag: lastEtag(context) });
  },

  async importState(importId, context) {
    return smtpOperator.read({ ...await childImportIds('smtp_operator', 'operators', importId, context.client), account_id: null, directory_id: null, directory_dn: null }, context);
  },
};
