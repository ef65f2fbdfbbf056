// JSON Schemas of an issued bearer token: the request (POST /v1/tokens; the smtp_token ephemeral resource's arguments) and the answer.
import { terraform, type JsonSchema } from './json-schema.ts';

/** The token request; the body may be omitted entirely by an account issuing a token for itself. */
export const tokenRequestSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    account_id: {
      type: 'string', minLength: 1, description: 'Required for the admin; an account may only name itself.',
      ...terraform('The id of the account the token is for. Unset: the account the provider signs in as (`username`/`password`, or an account ' +
        'token); the admin must set it. An account may only ask for a token for itself.', { serverDefault: true }),
    },
    ttl_seconds: {
      type: 'integer', minimum: 60, maximum: 2_592_000, default: 86_400, description: 'Lifetime (default 1 day, at most 30 days).',
      ...terraform('How long the token lives, in seconds ({minimum} to {maximum}). Defaults to {default}. Terraform revokes it when the run ' +
        'no longer needs it, so this only bounds a token whose revocation failed.'),
    },
  },
};

/** The issued token (readOnly: the server's answer; the token itself is shown only in this response). */
export const issuedTokenSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: {
      type: 'string', readOnly: true,
      description: 'Names the token for DELETE /v1/tokens/{id}: the hex SHA-256 of the token (what the relay stores), which cannot authenticate.',
    },
    token: {
      type: 'string', readOnly: true, description: 'The bearer token; shown only in this response.',
      ...terraform('The bearer token: for the `token` of a `provider "smtp"` block, or as the SMTP AUTH XOAUTH2 access token of the account. ' +
        'Ephemeral: never written to state or plan files.', { sensitive: true }),
    },
    expires_at: { type: 'string', readOnly: true, ...terraform('When the token expires (RFC 3339, UTC).') },
    account_id: { type: 'string', readOnly: true },
  },
};
