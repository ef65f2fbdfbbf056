// One SMTP listener for one virtual server: smtp-server with every session hook supplied, deny by default.
import type { SMTPServerOptions, SMTPServerSession } from 'smtp-server';
import type { ConfigFeed, CredentialStore, VirtualServerConfig } from '../config/config-reader.ts';
import type { VirtualServer } from '@relayform/schema/model.ts';
import type { Logger } from '../logger.ts';
import type { NewMessage } from '../store/queue-store.ts';
import { authMechanisms, onAuth } from './auth-hook.ts';
import type { AuthThrottle } from './auth-throttle.ts';
import type { ConnectionCounter } from './connection-counts.ts';
import { onConnect } from './connect-hook.ts';
import { onData } from './data-hook.ts';
import { onMailFrom } from './mail-hook.ts';
import { smtpProtocolLog } from './protocol-log.ts';
import type { RateLimitDeps } from './rate-limits.ts';
import { onRcptTo } from './rcpt-hook.ts';
import { RelaySmtpServer } from './relay-smtp-server.ts';
import { confirmedHostname, type DnsResolver } from './reverse-dns.ts';
import { gssapiMechanism } from './sasl/gssapi-mechanism.ts';
import { SessionLog, sessionContext, setSessionContext, type SessionContext } from './session-context.ts';
import { countRateLimited } from './smtp-metrics.ts';
import { SmtpReply } from './smtp-reply.ts';
import { listenerTls } from './tls-settings.ts';

/** What a listener runs on; the metrics, the per-minute statistics and the `rate_limits` counters are RateLimitDeps'. */
export interface ListenerDeps extends RateLimitDeps {
  /** The configuration (the process's snapshot cache). */
  feed: ConfigFeed;
  credentials: CredentialStore;
  logger: Logger;
  resolver: DnsResolver;
  dnsTimeoutMs: number;
  throttle: AuthThrottle;
  /** Open connections per client IP for `limits.max_connections_per_ip`: this process's, or the node's over its workers. */
  connections: ConnectionCounter;
  /** Queues a received message for delivery; resolves with its id once it is durable. */
  enqueue(message: NewMessage, data: Buffer): Promise<string>;
}

/** A running listener. `key` names the settings that need a new socket or TLS context to change. */
export interface SmtpListener {
  readonly key: string;
  /** Applies the settings smtp-server reads per connection or command (name, AUTH, SIZE, timeout). */
  apply(config: VirtualServerConfig): void;
  /** Stops accepting; open sessions get up to `closeTimeoutMs` to finish. */
  close(): Promise<void>;
}

/** Listener identity: bind address, port and TLS settings. */
export function listenerKey(server: VirtualServer): string {
  return JSON.stringify([server.bind_address, server.port, server.tls.certificate_id, server.tls.require_128_bit]);
}

/** The code of a listener start that failed because its certificate could not be loaded (no OS error code applies). */
export const certificateUnavailable = 'CERTIFICATE_UNAVAILABLE';

/** Why a listener did not start: `code` is the OS error (EADDRINUSE, EACCES, ...) or `certificateUnavailable`. */
export class ListenerStartError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'ListenerStartError';
  }
}

/** The certificate's key pair and the TLS options made of it; ListenerStartError when either cannot be had. */
async function certificateTls(deps: ListenerDeps, certificateId: string, require128Bit: boolean) {
  const failed = (why: string) => new ListenerStartError(certificateUnavailable, `certificate ${certificateId} ${why}; the listener offers STARTTLS only with it, so it does not start without it`);
  const pair = await deps.credentials.certificateKeyPair(certificateId).catch((error: unknown) => {
    throw failed(`could not be loaded (${error instanceof Error ? error.message : String(error)})`);
  });
  if (!pair) throw failed('was not found');
  try {
    return { pair, options: listenerTls(pair, require128Bit) };
  } catch (error) {
    throw failed(`is not usable (${error instanceof Error ? error.message : String(error)})`);
  }
}

/**
 * Binds the virtual server's listener; rejects with a ListenerStartError when its certificate cannot be loaded or the
 * address cannot be bound. `waitForPortMs`: how long a busy port is tried again (a listener being replaced may still
 * hold it); 0 fails at once.
 */
export async function startListener(initial: VirtualServerConfig, deps: ListenerDeps, timing: { closeTimeoutMs?: number; waitForPortMs?: number } = {}): Promise<SmtpListener> {
  const { closeTimeoutMs = 2000, waitForPortMs = 1000 } = timing;
  const id = initial.server.id;
  const log = deps.logger.child({ virtual_server_id: id });
  const certificateId = initial.server.tls.certificate_id;
  const tlsSettings = certificateId ? await certificateTls(deps, certificateId, initial.server.tls.require_128_bit) : null;
  const pair = tlsSettings?.pair ?? null;
  const refused = (reply: SmtpReply, session: SMTPServerSession) => {
    deps.metrics.rejected.inc({ reason: reply.reason });
    log.info({ session: session.id, client: session.remoteAddress, reply: `${reply.responseCode} ${reply.message}` }, 'smtp refused');
    return reply;
  };
  const internalError = new SmtpReply(421, '4.3.0', 'Temporary local problem, try again later', 'internal_error');
  /** Runs a hook of an admitted session: a refusal (4xx/5xx) is answered as is; a missing context or a thrown error is a 421, never an accept. */
  const run = <T>(session: SMTPServerSession, hook: (ctx: SessionContext) => T | Promise<T>, accept: (verdict: T) => void, reject: (err: Error) => void) => {
    const ctx = sessionContext(session);
    if (!ctx) return reject(internalError);
    Promise.resolve().then(() => hook(ctx)).then(
      (verdict) => (verdict instanceof SmtpReply && verdict.responseCode >= 400 ? reject(refused(verdict, session)) : accept(verdict)),
      (error: unknown) => {
        log.error({ err: error, session: session.id }, 'smtp hook failed');
        reject(internalError);
      });
  };
  /** Sessions counted for max_connections_per_ip, by the key to close when they end; and sessions that already ended. */
  const counted = new WeakMap<SMTPServerSession, string>();
  const ended = new WeakSet<SMTPServerSession>();
  const uncount = (session: SMTPServerSession) => {
    const key = counted.get(session);
    if (key === undefined) return;
    counted.delete(session);
    deps.connections.close(key);
  };
  const options: SMTPServerOptions = {
    logger: smtpProtocolLog(log), banner: 'Relayform', disableReverseLookup: true, hideENHANCEDSTATUSCODES: false, hideDSN: true,
    // Authentication requirements are the mail hook's (530 5.7.0); AUTH itself needs STARTTLS first whenever TLS is offered.
    authOptional: true, allowInsecureAuth: false, hideSTARTTLS: false, closeTimeout: closeTimeoutMs,
    disabledCommands: pair ? [] : ['STARTTLS'],
    ...(tlsSettings?.options ?? {}),
    onConnect(session, callback) {
      deps.metrics.connections.inc();
      onConnect(session, {
        feed: deps.feed, virtualServerId: id, openConnections: () => server.connections.size,
        reverseDns: (ip) => confirmedHostname(deps.resolver, ip, deps.dnsTimeoutMs),
        countConnection: async (key, limit) => deps.connections.open(key, limit),
        onPerIpLimit: () => countRateLimited(deps.metrics, deps.traffic, id, 'connections_per_client_ip'),
      }).then((result) => {
        if (result instanceof SmtpReply) return callback(refused(result, session));
        if (result.countedAs !== null) {
          counted.set(session, result.countedAs);
          // The client left while the count was asked for: onClose has run already.
          if (ended.has(session)) return uncount(session);
        }
        // The per-connection settings follow the snapshot this session runs under, even before the reconcile caught up.
        listener.apply(result.config);
        const sessionLog = new SessionLog(log, () => ({ session: session.id, client: session.remoteAddress, client_hostname: result.client.hostname }));
        setSessionContext(session, { ...result, authenticatedAs: null, messages: 0, log: sessionLog });
        sessionLog.info('smtp session started');
        callback();
      }, (error: unknown) => {
        log.error({ err: error }, 'connect hook failed');
        callback(internalError);
      });
    },
    onSecure(socket, session, callback) {
      const tlsInfo = session.tlsOptions;
      sessionContext(session)?.log.info({ tls: tlsInfo ? `${tlsInfo.version} ${tlsInfo.name}` : null }, 'smtp session upgraded to TLS');
      callback();
    },
    onAuth(auth, session, callback) {
      run(session, async (ctx) => {
        const verdict = await onAuth(auth, ctx, deps);
        if (typeof verdict === 'string') ctx.authenticatedAs = verdict;
        return verdict;
      }, (user) => callback(null, { user }), callback);
    },
    onMailFrom: (address, session, callback) => run(session, (ctx) => onMailFrom(address, session, ctx, deps), () => callback(), callback),
    onRcptTo: (address, session, callback) => run(session, (ctx) => onRcptTo(address, session, ctx, deps), () => callback(), callback),
    onData(stream, session, callback) {
      run(session, (ctx) => onData(stream, session, ctx, deps), (reply) => {
        // Counted once for both views: the Prometheus counter and the per-minute statistics.
        deps.metrics.accepted.inc();
        deps.traffic?.add(id, { accepted: 1 });
        callback(null, reply.message);
      }, callback);
    },
    onClose(session) {
      ended.add(session);
      uncount(session);
      sessionContext(session)?.log.info('smtp session closed');
    },
  };
  const server = new RelaySmtpServer(options);
  // The session's own snapshot decides, like every other hook: a keytab set after it connected is not on offer to it.
  server.saslMechanisms = (session) => {
    const ctx = sessionContext(session);
    const auth = ctx?.config.server.authentication;
    const file = auth?.kerberos_keytab_path;
    if (!ctx || !auth?.integrated || !file) return [];
    const gssapi = gssapiMechanism({ keytabPath: async () => file, servicePrincipal: auth.kerberos_service_principal ?? `smtp/${ctx.config.server.fqdn}` });
    // The client gets 454; the log says why (an unreadable keytab, or none of its keys for the principal).
    const start = () => gssapi.start().catch((error: unknown) => {
      ctx.log.error({ keytab: file, err: error instanceof Error ? error.message : String(error) }, 'smtp auth GSSAPI unavailable');
      throw error;
    });
    return [{ name: gssapi.name, start }];
  };
  const listener: SmtpListener = {
    key: listenerKey(initial.server),
    apply(config) {
      const mechanisms = authMechanisms(config.server.authentication);
      server.options.name = config.server.fqdn;
      server.options.authMethods = mechanisms;
      server.options.disabledCommands = [...(pair ? [] : ['STARTTLS']), ...(mechanisms.length ? [] : ['AUTH'])];
      server.options.size = config.server.limits.max_message_size_kb * 1024;
      server.options.socketTimeout = config.server.limits.connection_timeout_seconds * 1000;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  listener.apply(initial);
  // smtp-server re-emits the bind's errors too: those are the caller's to report (once per attempt), not connection errors.
  const duringBind = () => undefined;
  server.on('error', duringBind);
  await listen(server, initial.server.bind_address, initial.server.port, waitForPortMs);
  server.off('error', duringBind).on('error', (error: Error) => log.warn({ err: error.message }, 'smtp connection error'));
  log.info({ bind_address: initial.server.bind_address, port: initial.server.port, starttls: Boolean(pair) }, 'smtp listener started');
  return listener;
}

/** Binds, retrying every 50 ms for up to `waitForPortMs` while the port is busy; the last error as a ListenerStartError. */
async function listen(server: RelaySmtpServer, host: string, port: number, waitForPortMs: number): Promise<void> {
  const giveUpAt = Date.now() + waitForPortMs;
  for (;;) {
    try {
      await new Promise<void>((resolve, reject) => {
        const failed = (error: Error) => { server.server.off('listening', listening); reject(error); };
        const listening = () => { server.server.off('error', failed); resolve(); };
        server.server.once('error', failed).once('listening', listening);
        server.listen(port, host);
      });
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
      if (code !== 'EADDRINUSE' || Date.now() >= giveUpAt) throw new ListenerStartError(code, (error as Error).message);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
