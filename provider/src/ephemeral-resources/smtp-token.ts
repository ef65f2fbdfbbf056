// Ephemeral resource smtp_token: a short-lived bearer token for an account, issued when Terraform opens it and revoked when it closes it.
import type { ApiClient } from '../client/api-client.ts';
import type { EphemeralResource } from '../framework/ephemeral-resource.ts';
import { issuedTokenSchema, tokenRequestSchema } from '@relayform/schema/schemas/token-schema.ts';
import { attributesOf } from '../resources/schema-attributes.ts';

/** The Terraform model: the request's arguments and the issued token. */
export interface SmtpToken {
  account_id: string | null;
  ttl_seconds: number;
  token: string | null;
  expires_at: string | null;
}

/** What POST /v1/tokens answers. */
interface IssuedToken { id: string; token: string; expires_at: string; account_id: string }

const { token, expires_at } = issuedTokenSchema.properties!;

/**
 * `ephemeral "smtp_token"` (registered in smtp-provider.ts). Open issues the token; its id (never the token) travels in
 * the private data to Close, which revokes it, so the token works only while the run uses it. The relay cannot extend
 * a token, so there is nothing to renew: ttl_seconds bounds a token whose revocation failed.
 */
export const smtpToken: EphemeralResource<SmtpToken, ApiClient> = {
  typeName: 'smtp_token',
  schema: {
    description: 'A short-lived bearer token of the relay for one account (Terraform 1.10+), issued when Terraform needs it and ' +
      'revoked when the run ends. Pass `token` to a `provider "smtp"` block (e.g. an alias acting as that account), a write-only ' +
      'argument or a provisioner (an SMTP AUTH XOAUTH2 login); it is never written to state or plan files.',
    attributes: { ...attributesOf(tokenRequestSchema), ...attributesOf({ type: 'object', properties: { token, expires_at } }) },
  },

  async open(config, context) {
    const body = { ...(config.account_id === null ? {} : { account_id: config.account_id }), ttl_seconds: config.ttl_seconds };
    const { body: issued } = await context.client.create<IssuedToken>('/v1/tokens', body, {
      what: config.account_id === null ? 'issuing a token' : `issuing a token for account ${config.account_id}`,
    });
    context.private.set('id', issued.id);
    return { result: { account_id: issued.account_id, ttl_seconds: config.ttl_seconds, token: issued.token, expires_at: issued.expires_at } };
  },

  async close(context) {
    const id = context.private.get('id');
    // A token already gone (expired and purged, or its account deleted) is as revoked as it gets.
    if (typeof id === 'string') await context.client.remove(`/v1/tokens/${encodeURIComponent(id)}`, { what: 'revoking the smtp_token' });
  },
};
