// Delivers one message to the recipients that share a route: credentials, next-hop hosts, one SMTP transaction.
import type { OutboundSecretKind, SecretOwner } from '../config/config-reader.ts';
import type { Logger } from '../logger.ts';
import type { DaneResolver } from './dane-resolver.ts';
import { MxResolver, PermanentDnsError } from './mx-resolver.ts';
import { mtaStsDestinations, MtaStsRefusal } from './mta-sts-destinations.ts';
import type { MtaStsResolver } from './mta-sts.ts';
import { fallsBackToClearText } from './peer-verification.ts';
import {
  failedBeforeEnvelope, localDeferral, localFailure, outcomesOfError, outcomesOfSend, type RecipientOutcome,
} from './recipient-outcome.ts';
import type { MessageContent } from './mail-parameters.ts';
import type { Route } from './route.ts';
import type { TokenSource } from './oauth2-token-cache.ts';
import { tlsFailureOf } from './tls-failure.ts';
import { traceMessage } from '../step-trace.ts';
import type { Credentials, Destination, TransportPool } from './transport-pool.ts';

/** What delivering along one route needs from the worker. */
export interface RouteDeliveryDeps {
  /** A clear outbound secret, read once per configuration change (SnapshotCache.secret). */
  secret: (owner: SecretOwner, kind: OutboundSecretKind) => Promise<string | null>;
  pool: TransportPool;
  resolver: MxResolver;
  /** MX lookups with DNSSEC for routes whose tls_policy is dane. */
  dane: DaneResolver;
  /** The recipient domain's MTA-STS policy for routes whose tls_policy is mta_sts. */
  mtaSts: MtaStsResolver;
  logger: Logger;
}

/** The message as it travels: id for logs, envelope sender, raw data, EHLO name, what its content needs of a next hop, whether it is a retry. */
export interface Outgoing {
  id: string;
  sender: string;
  data: Buffer;
  ehloName: string;
  content: MessageContent;
  /** The message was tried before (deferred mail): it yields to first attempts at a busy next hop. */
  retry: boolean;
}

async function destinationsFor(route: Route, deps: RouteDeliveryDeps): Promise<Destination[]> {
  if (route.tls.policy === 'dane') {
    const found = route.smartHost ? await deps.dane.relayHost(route.smartHost.host, route.smartHost.port) : await deps.dane.exchangers(route.domain);
    return found.map(({ dane, ...e }) => ({ ...e, tls: { ...route.tls, dane } }));
  }
  if (route.smartHost) return [{ address: route.smartHost.host, host: route.smartHost.host, port: route.smartHost.port }];
  const exchangers = await deps.resolver.exchangers(route.domain);
  return route.tls.policy === 'mta_sts' ? mtaStsDestinations(deps.mtaSts, route.domain, exchangers, route.tls, deps.logger) : exchangers;
}

/**
 * Sends `message` to `recipients` along `route` and returns a verdict per recipient. Throws only when the
 * configuration cannot be read (the worker then records an internal-error deferral).
 * Tries the next mail exchanger only when a host failed before the envelope (refused, greeting, EHLO);
 * a reply to MAIL, RCPT or DATA is the answer for that domain.
 */
export async function deliverAlongRoute(deps: RouteDeliveryDeps, route: Route, recipients: string[], message: Outgoing): Promise<RecipientOutcome[]> {
  const all = (verdict: Omit<RecipientOutcome, 'address'>) => recipients.map((address) => ({ address, ...verdict }));
  let destinations: Destination[];
  try {
    destinations = await destinationsFor(route, deps);
  } catch (err) {
    if (err instanceof MtaStsRefusal) return all(localDeferral(err.status, err.message));
    if (err instanceof PermanentDnsError) return all(localFailure(err.status, err.message));
    return all(localDeferral('4.4.3', `DNS lookup for ${route.domain} failed: ${(err as Error).message}`));
  }
  if (destinations.length === 0) return all(localDeferral('4.4.4', `no next hop for ${route.domain}`));
  const authentication = route.security.authentication;
  const usesPassword = authentication === 'basic' || authentication === 'integrated';
  const password = usesPassword ? await deps.secret(route.secretOwner, 'password') : null;
  if (usesPassword && password === null) {
    return all(localDeferral('4.7.0', `no outbound password is set for ${authentication} authentication on this route`));
  }
  let tokenSource: TokenSource | null = null;
  if (authentication === 'oauth2') {
    const { token_url: tokenUrl, client_id: clientId, scope } = route.security;
    const clientSecret = await deps.secret(route.secretOwner, 'client_secret');
    if (clientSecret === null || !tokenUrl || !clientId || !scope) {
      return all(localDeferral('4.7.0', 'no OAuth2 client secret (or token_url, client_id, scope) is set for oauth2 authentication on this route'));
    }
    tokenSource = deps.pool.tokens.source({ tokenUrl, clientId, scope, clientSecret, caPem: route.tls.caPem });
  }
  const credentials: Credentials = { security: route.security, password, tokenSource, tls: route.tls, ehloName: message.ehloName };
  let outcomes: RecipientOutcome[] = [];
  for (const [i, destination] of destinations.entries()) {
    let result = await attempt(deps, route, destination, credentials, recipients, message);
    if (result.error && fallsBackToClearText(destination.tls ?? route.tls) && authentication === 'anonymous' && tlsFailureOf(result.error)) {
      // Opportunistic TLS (Postfix "may"): a host whose STARTTLS handshake fails still gets the mail in clear
      // text; a route with credentials never falls back (the transport requires TLS for it).
      result = await attempt(deps, route, destination, { ...credentials, plaintext: true }, recipients, message);
    }
    outcomes = result.outcomes;
    const tryNext = result.error !== null && i < destinations.length - 1 && failedBeforeEnvelope(result.error) &&
      outcomes.every((o) => o.result === 'deferred');
    if (!tryNext) return outcomes;
  }
  return outcomes;
}

/** One SMTP transaction with one host, logged as one line; never throws. */
async function attempt(deps: RouteDeliveryDeps, route: Route, destination: Destination, credentials: Credentials, recipients: string[], message: Outgoing):
  Promise<{ outcomes: RecipientOutcome[]; error: unknown }> {
  const started = Date.now();
  const context = {
    queue_id: message.id, remote: `${destination.host}:${destination.port}`, route: route.key, plaintext: credentials.plaintext === true,
    ...(destination.tls?.mtaSts ? { mta_sts: destination.tls.mtaSts.mode } : {}),
  };
  try {
    traceMessage(message.id, 'outbound_send');
    const sent = await deps.pool.send(destination, credentials, { from: message.sender, to: recipients, content: message.content }, message.data, message.retry);
    traceMessage(message.id, 'outbound_replied');
    const outcomes = outcomesOfSend(recipients, sent, destination.host);
    deps.logger.info({ ...context, ms: Date.now() - started, outcomes: summary(outcomes) }, 'delivery attempt');
    return { outcomes, error: null };
  } catch (error) {
    const outcomes = outcomesOfError(recipients, error, route.tls.policy, destination.host);
    deps.logger.info({ ...context, ms: Date.now() - started, outcomes: summary(outcomes) }, 'delivery attempt failed');
    return { outcomes, error };
  }
}

function summary(outcomes: RecipientOutcome[]) {
  return outcomes.map((o) => ({ rcpt: o.address, result: o.result, status: o.status, detail: o.detail }));
}
