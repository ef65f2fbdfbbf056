// POST /v1/tokens and DELETE /v1/tokens/{id}: issues and revokes account bearer tokens, for the API and SMTP AUTH XOAUTH2.
import { hashBearerToken, newBearerToken } from '../../auth/bearer-token.ts';
import { recordAudit } from '../../audit/audit-trail.ts';
import { issuedTokenSchema, tokenRequestSchema } from '@relayform/schema/schemas/token-schema.ts';
import { validateDocument } from '../../config/validate-document.ts';
import type { ConfigStore } from '../../store/config-store.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRoute } from '../api-route.ts';
import { actorName, type Principal } from '../principal.ts';

/**
 * The token routes. A token is stored only as its hash, and that hash is its id, so a revocation deletes the one row
 * every verification (API and SMTP AUTH, in every process and node sharing the store) reads: it stops working at once.
 */
export function tokenRoutes(store: ConfigStore): ApiRoute[] {
  return [{
    method: 'post', path: '/v1/tokens', tag: 'Token', summary: 'Issue a bearer token for an account', requestBody: tokenRequestSchema,
    success: { status: 201, description: 'The token (shown only once), its id and when it expires', schema: issuedTokenSchema },
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
      const id = hashBearerToken(token);
      const expiresAt = new Date(Date.now() + Number(body.ttl_seconds ?? 86_400) * 1000).toISOString();
      await store.transaction(async (tx) => {
        if (!(await tx.get('account', String(accountId)))) {
          throw ApiError.validation([{ path: '$.account_id', message: `refers to account ${accountId}, which does not exist` }]);
        }
        await tx.purgeExpiredTokens(new Date());
        await tx.putToken({ hash: id, accountId: String(accountId), expiresAt });
        await recordAudit(tx, { actor: actorName(principal), action: 'issue_token', object_type: 'token', object_id: String(accountId), before: null, after: { id, account_id: accountId, expires_at: expiresAt } });
      });
      return { status: 201, json: { id, token, expires_at: expiresAt, account_id: accountId } };
    },
  }, {
    method: 'delete', path: '/v1/tokens/{id}', tag: 'Token', summary: 'Revoke a token issued by POST /v1/tokens (the admin, or the account it was issued to)',
    success: { status: 204, description: 'Revoked: the token no longer authenticates to the API or to SMTP AUTH XOAUTH2' },
    handle: async (request) => {
      const principal = request.principal as Principal;
      const id = request.params.id;
      await store.transaction(async (tx) => {
        const record = await tx.findToken(id);
        const owner = record?.accountId;
        // The admin token is not revocable here, and another account's token is as unknown as a missing one.
        if (!record || !owner || (principal.kind === 'account' && owner !== principal.accountId)) throw ApiError.notFound(`token ${id}`);
        await tx.deleteToken(id);
        await recordAudit(tx, { actor: actorName(principal), action: 'revoke_token', object_type: 'token', object_id: owner, before: { id, account_id: owner, expires_at: record.expiresAt }, after: null });
      });
      return { status: 204 };
    },
  }];
}
