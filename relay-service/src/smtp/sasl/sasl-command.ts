// Runs one AUTH command of a mechanism from the relay's own SASL layer over an smtp-server connection (RFC 4954).
import type { SMTPServerAuthentication } from 'smtp-server';
import type { SMTPConnection } from 'smtp-server/lib/smtp-connection.js';
import type { SaslExchange, SaslMechanism, SaslOutcome } from './sasl-mechanism.ts';

/** What the AUTH hook (onAuth) receives for such a mechanism: the exchange's outcome, the proven identity as username. */
export interface SaslAuthentication extends SMTPServerAuthentication {
  saslOutcome: SaslOutcome;
}

/** A client may not keep an exchange going forever: Kerberos needs 3 to 4 round trips. */
const maxSteps = 8;
const base64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Answers `AUTH <mechanism> [initial-response]`: 334 challenges until the mechanism has an outcome, which goes to the
 * server's onAuth hook like smtp-server's own mechanisms (so throttling, account mapping and the 235/535 replies are
 * the hook's). `*` aborts (501); a line that is not base64 ends the exchange with 501 5.5.2.
 */
export function runSaslCommand(connection: SMTPConnection, mechanism: SaslMechanism, initial: string | undefined, done: () => void): void {
  // A mechanism that cannot start (its keytab unreadable) is the relay's problem, not the client's: 454, and the
  // mechanism's owner logs why.
  mechanism.start().then((exchange) => run(connection, mechanism, exchange, initial, done), () => {
    connection.send(454, '4.7.0 Temporary authentication failure');
    done();
  });
}

function run(connection: SMTPConnection, mechanism: SaslMechanism, exchange: SaslExchange, initial: string | undefined, done: () => void): void {
  let steps = 0;
  let open = true;
  // Whatever ends the exchange (outcome, abort, bad line, a client that hangs up mid-way) frees it exactly once.
  const dispose = () => {
    if (!open) return;
    open = false;
    connection._socket.off('close', dispose);
    exchange.dispose();
  };
  connection._socket.once('close', dispose);
  const finish = (outcome: SaslOutcome, callback: () => void) => {
    dispose();
    const auth = { method: mechanism.name, username: outcome.ok ? outcome.identity : '', saslOutcome: outcome } as SaslAuthentication;
    connection._server.onAuth(auth, connection.session, (err, response) => {
      if (err) {
        connection.send((err as { responseCode?: number }).responseCode ?? 535, err.message);
      } else if (!response?.user) {
        connection.send(535, '5.7.8 Authentication credentials invalid');
      } else {
        connection.session.user = response.user;
        connection.session.transmissionType = connection._transmissionType();
        connection.send(235, '2.7.0 Authentication successful');
      }
      callback();
    });
  };
  const line = (text: string, callback: () => void) => {
    const token = text.trim();
    if (token === '*') {
      dispose();
      connection.send(501, '5.7.0 Authentication aborted');
      return callback();
    }
    if (!base64.test(token) || token.length % 4 !== 0 || ++steps > maxSteps) {
      dispose();
      connection.send(501, steps > maxSteps ? '5.7.0 Too many authentication steps' : '5.5.2 Invalid base64 in the authentication exchange');
      return callback();
    }
    const step = exchange.respond(Buffer.from(token, 'base64'));
    if ('outcome' in step) return finish(step.outcome, callback);
    connection._nextHandler = (command: Buffer | string, next: () => void) => line(command.toString(), next);
    connection.send(334, step.challenge.toString('base64'));
    callback();
  };
  if (initial === undefined) {
    connection._nextHandler = (command: Buffer | string, next: () => void) => line(command.toString(), next);
    connection.send(334, '');
    return done();
  }
  // RFC 4954: "=" is an initial response of zero length.
  line(initial === '=' ? '' : initial, done);
}
