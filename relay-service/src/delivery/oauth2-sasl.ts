// SMTP AUTH with an OAuth2 bearer token (XOAUTH2, or OAUTHBEARER of RFC 7628) as a nodemailer customAuth handler.
import type { CustomAuthenticationContext, CustomAuthenticationHandlers, CustomAuthenticationResponse } from 'nodemailer/lib/smtp-connection';
import type { TokenSource } from './oauth2-token-cache.ts';

/**
 * The auth method name the transport pool logs in with for oauth2 routes. It is not a SASL mechanism: it routes
 * nodemailer's login() to this handler, which then picks the mechanism from what the server offered.
 */
export const oauth2AuthMethod = 'RELAYFORM-OAUTH2';

/** What the handler needs beside the user name (passed in nodemailer's `auth.options`). */
export interface OAuth2AuthOptions {
  tokenSource: TokenSource;
  /** The next hop's host name and port, for OAUTHBEARER's host= and port= (RFC 7628 3.1). */
  host: string;
  port: number;
  /** The SASL mechanisms in the server's EHLO reply (filled in by OutboundSmtpConnection.login). */
  mechanisms?: string[];
}

/** The server refused both the cached and a fresh token, or offers no bearer mechanism: the last reply decides the verdict. */
export class BearerAuthError extends Error {}

type Send = CustomAuthenticationContext['sendCommand'];

function xoauth2(user: string, token: string): string {
  return Buffer.from(`user=${user}\x01auth=Bearer ${token}\x01\x01`).toString('base64');
}

function oauthbearer(user: string, token: string, host: string, port: number): string {
  // GS2 header: no channel binding ("n"), authzid = the mailbox; "," and "=" in it are escaped (RFC 5801 4).
  const authzid = user.replace(/=/g, '=3D').replace(/,/g, '=2C');
  return Buffer.from(`n,a=${authzid},\x01host=${host}\x01port=${port}\x01auth=Bearer ${token}\x01\x01`).toString('base64');
}

/** One AUTH exchange; returns the server's final reply. A 334 is the error challenge: answered so the server sends its 535. */
async function exchange(send: Send, mechanism: 'XOAUTH2' | 'OAUTHBEARER', user: string, token: string, options: OAuth2AuthOptions): Promise<CustomAuthenticationResponse> {
  const initial = mechanism === 'XOAUTH2' ? xoauth2(user, token) : oauthbearer(user, token, options.host, options.port);
  const reply = await send(`AUTH ${mechanism} ${initial}`);
  if (reply.status !== 334) return reply;
  // XOAUTH2 (Google, Microsoft) takes an empty line; OAUTHBEARER a single ^A (RFC 7628 3.2.3).
  return send(mechanism === 'XOAUTH2' ? '' : Buffer.from('\x01').toString('base64'));
}

/**
 * Authenticates as `auth.user` with a token from `auth.options.tokenSource`. XOAUTH2 is preferred when offered:
 * Microsoft 365 and Gmail offer it and it is what they document; OAUTHBEARER (the standard) otherwise. When a
 * cached token is refused (535, or 334 with an error challenge) the token may have been revoked or the server's
 * keys rotated before its expiry: one fresh token, one retry on the same connection, then the refusal stands.
 * Token endpoint failures reject with OAuth2TokenError (the message is deferred).
 */
async function authenticate(ctx: CustomAuthenticationContext): Promise<void> {
  const auth = ctx.auth as unknown as { user: string; options: OAuth2AuthOptions };
  const options = auth.options;
  const offered = options.mechanisms ?? ctx.authMethods;
  const mechanism = offered.includes('XOAUTH2') ? 'XOAUTH2' : offered.includes('OAUTHBEARER') ? 'OAUTHBEARER' : null;
  if (!mechanism) throw new BearerAuthError(`the next hop offers neither XOAUTH2 nor OAUTHBEARER (AUTH ${offered.join(' ') || 'without mechanisms'})`);
  let token = await options.tokenSource.token();
  let reply = await exchange(ctx.sendCommand, mechanism, auth.user, token.value, options);
  if (reply.status !== 235 && token.cached && (reply.status === 535 || reply.status === 334)) {
    token = await options.tokenSource.refresh(token.value);
    reply = await exchange(ctx.sendCommand, mechanism, auth.user, token.value, options);
  }
  if (reply.status !== 235) throw new BearerAuthError(`AUTH ${mechanism} refused`);
}

/** The customAuth option for SMTPConnection: routes `oauth2AuthMethod` logins to the bearer token handler. */
export const oauth2CustomAuth: CustomAuthenticationHandlers = { [oauth2AuthMethod]: authenticate };
