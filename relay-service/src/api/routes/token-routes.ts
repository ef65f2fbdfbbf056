// POST /v1/tokens: issues bearer tokens to accounts, for the API and for SMTP AUTH XOAUTH2.
import { hashBearerToken, newBearerToken } from '../../auth/bearer-token.ts';
import { recordAudit } from '../../audit/audit-trail.ts';
import type { JsonSchema } from '@relayform/schema/schemas/json-schema.ts';
import { validateDocument } from '../../config/validate-document.ts';
import type { ConfigStore } from '../../store/config-store.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRoute } from '../api-route.ts';
import { actorName, type Principal } from '../principal.ts';

/** Request body of POST /v1/tokens; it may be omitted entirely by an account issuing a token for itself. */
export const tokenRequestSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    account_id: { type: 'string', description: 'Required for the admin; an account may only name itself.' },
    ttl_seconds: { type: 'integer', minimum: 60, maximum: 2_592_000, default: 86_400, description: 'Lifetime (default 1 day, at most 30 days).' },
  },
};

/** The token route; the token itself is shown once, in this response, and stored only as a hash. */
export function tokenRoutes(store: ConfigStore): ApiRoute[] {
  return [{
    method: 'post', path: '/v1/tokens', tag: 'Token', summary: 'Issue a bearer token for an account', requestBody: tokenRequestSchema,
    success: {
      status: 201, description: 'The token (shown only once) and when it expires',
      schema: { type: 'object', properties: { token: { type: 'string' }, expires_at: { type: 'string' }, account_id: { type: 'string' } } },
    },
    handle: async (request) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const details = validateDocument(tokenRequestSchema, body);
      if (details.length > 0) throw ApiError.validation(details);
      const principal = request.principal as Principal;
      // Tokens name an account; a directory user's rights come from its directory, so it signs in with its password each time.
      if (principal.kind === 'directory_user') {
        throw new ApiError(403, 'tokens_not_issued', 'Directory users sign in with their directory password on every request; tokens are issued to accounts only.');
      }
      const accountId = body.account_id === undefined && principal.kind === 'account' ? principal.accountId : body.account_id;
      if (accountId === undefined) throw ApiError.validation([{ path: '$.account_id', message: 'is required when the admin issues a token' }]);
      if (principal.kind === 'account' && accountId !== principal.accountId) throw ApiError.forbidden('An account may only issue tokens for itself.');
      const token = newBearerToken();
      const expiresAt = new Date(Date.now() + Number(body.ttl_seconds ?? 86_400) * 1000).toISOString();
      await store.transaction(async (tx) => {
        if (!(await tx.get('account', String(accountId)))) {
          throw ApiError.validation([{ path: '$.account_id', message: `refers to account ${accountId}, which does not exist` }]);
        }
        await tx.purgeExpiredTokens(new Date());
        await tx.putToken({ hash: hashBearerToken(token), accountId: String(accountId), expiresAt });
        await recordAudit(tx, { actor: actorName(principal), action: 'issue_token', object_type: 'token', object_id: String(accountId), before: null, after: { account_id: accountId, expires_at: expiresAt } });
      });
      return { status: 201, json: { token, expires_at: expiresAt, account_id: accountId } };
    },
  }];
}
