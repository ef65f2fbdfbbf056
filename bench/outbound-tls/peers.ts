// The far side of the outbound TLS benchmark, in its own process (forked by run.ts, driven over the IPC channel):
// the test OAuth2 server (oidc-provider over HTTPS) and two TLS smart-host sinks A and B with the loopback test CA's
// certificate, each taking XOAUTH2 tokens from that server (SINK_A_AUTH / SINK_B_AUTH = oauth2) or AUTH PLAIN/LOGIN
// (= basic).
//
// Kept apart from run.ts so the sinks' CPU (TLS, SMTP parsing) and the controller's polling do not share one event
// loop. Protocol (run.ts's PeersRequest / PeersReply): on start it sends `ready` with the ports, the CA and the
// credentials the relay's routes need (over IPC only, never printed); `expect` answers `reached` once that sink holds
// `count` messages; `drop` closes a sink's connections; `reset` forgets the messages a sink accepted so far (its
// memory stays flat over a long run); `stats` answers the counters; `stop` (or the parent's exit) closes everything and
// exits.
import { randomBytes } from 'node:crypto';
import { startOAuth2Server } from '../../test/support/oauth2-server.ts';
import { startSmtpSink, type SmtpSink } from '../../test/support/smtp-sink.ts';
import { loopbackTls } from '../../test/support/test-ca.ts';

/** The two smart hosts the benchmark compares. */
export type PathName = 'A' | 'B';
/** What a sink takes: a bearer token from the OAuth2 server, or a user name and password. */
export type SinkAuth = 'oauth2' | 'basic';

export type PeersRequest =
  | { type: 'expect'; path: PathName; count: number }
  | { type: 'drop'; path: PathName }
  | { type: 'reset'; path: PathName }
  | { type: 'stats' }
  | { type: 'stop' };

/** What one sink saw since it started (resets do not clear these counters). */
export interface SinkStats {
  messages: number;
  connections: number;
  /** AUTH exchanges the sink checked (a login with a refused token and its retry count twice). */
  authAttempts: number;
  /** Every accepted message came over STARTTLS and an authenticated session. */
  allSecureAndAuthenticated: boolean;
}

export interface PeersStats {
  /** POSTs to the token endpoint. */
  tokenRequests: number;
  /** `iat` (epoch seconds) of every token issued, in order: read from the JWT payload, the token itself stays here. */
  tokenIssuedAt: number[];
  sinks: Record<PathName, SinkStats>;
}

export type PeersReply =
  | {
    type: 'ready';
    ports: Record<PathName, number>;
    caPem: string;
    oauth2: { tokenUrl: string; clientId: string; clientSecret: string; scope: string; username: string; ttlS: number };
    basic: { username: string; password: string };
  }
  | { type: 'reached'; path: PathName; count: number }
  | { type: 'dropped'; path: PathName }
  | { type: 'reset'; path: PathName }
  | { type: 'stats'; stats: PeersStats };

const send = (reply: PeersReply) => process.send!(reply);
const ttlS = Number(process.env.TOKEN_TTL_S ?? 30);
const trusted = loopbackTls();
const mailbox = 'relay@tenant.bench';
const basic = { username: 'relay-bench', password: randomBytes(18).toString('base64url') };

const auth = await startOAuth2Server({ accessTokenTtlS: ttlS });
const startSink = (variable: string) => {
  const kind = process.env[variable];
  if (kind !== 'oauth2' && kind !== 'basic') throw new Error(`${variable} must be oauth2 or basic`);
  return startSmtpSink({
    tls: trusted.tls, requireTls: true,
    ...(kind === 'oauth2'
      ? { oauth2: { username: mailbox, issuer: auth.issuer, audience: auth.audience, jwks: () => auth.jwks(), mechanisms: ['XOAUTH2' as const] } }
      : { auth: { ...basic, methods: ['PLAIN' as const, 'LOGIN' as const] } }),
  });
};
const sinks: Record<PathName, SmtpSink> = { A: await startSink('SINK_A_AUTH'), B: await startSink('SINK_B_AUTH') };
/** Messages accepted before the last reset (a reset empties the sink's own array), and how many of them were not secure and authenticated. */
const forgotten: Record<PathName, { messages: number; unprotected: number }> = { A: { messages: 0, unprotected: 0 }, B: { messages: 0, unprotected: 0 } };
const unprotected = (sink: SmtpSink) => sink.messages.filter((m) => !m.secure || m.user === null).length;

function reset(path: PathName): void {
  const sink = sinks[path];
  forgotten[path].messages += sink.messages.length;
  forgotten[path].unprotected += unprotected(sink);
  sink.messages.length = 0;
  sink.verbs.length = 0;
}

function stats(): PeersStats {
  const sinkStats = (path: PathName): SinkStats => {
    const sink = sinks[path];
    return {
      messages: forgotten[path].messages + sink.messages.length,
      connections: sink.connections,
      authAttempts: sink.authAttempts.length,
      allSecureAndAuthenticated: forgotten[path].unprotected + unprotected(sink) === 0,
    };
  };
  const issuedAt = (jwt: string) => Number((JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iat?: unknown }).iat);
  return { tokenRequests: auth.tokenRequests, tokenIssuedAt: auth.issuedTokens.map(issuedAt), sinks: { A: sinkStats('A'), B: sinkStats('B') } };
}

process.on('message', (request: PeersRequest) => {
  switch (request.type) {
    case 'expect':
      // waitFor's own timeout is not used: run.ts bounds each round itself.
      void sinks[request.path].waitFor(request.count, 2 ** 31 - 1).then(() => send({ type: 'reached', path: request.path, count: request.count }));
      return;
    case 'drop':
      sinks[request.path].dropConnections();
      return send({ type: 'dropped', path: request.path });
    case 'reset':
      reset(request.path);
      return send({ type: 'reset', path: request.path });
    case 'stats':
      return send({ type: 'stats', stats: stats() });
    case 'stop':
      process.disconnect();
  }
});
// On `stop`, or when the parent went away: nothing is left listening.
process.on('disconnect', () => void Promise.all([sinks.A.stop(), sinks.B.stop(), auth.stop()]).then(() => process.exit(0)));

send({
  type: 'ready',
  ports: { A: sinks.A.port, B: sinks.B.port },
  caPem: trusted.caPem,
  oauth2: { tokenUrl: auth.tokenUrl, clientId: auth.clientId, clientSecret: auth.clientSecret, scope: auth.scope, username: mailbox, ttlS },
  basic,
});
