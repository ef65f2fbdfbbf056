// A TLS 1.2 client that asks to renegotiate inside a STARTTLS session is refused and loses the connection, on every listener.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../support/free-port.ts';
import { relayOperator, type RelayOperator } from '../support/relay-operator.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { startTestRelay, type TestRelay } from '../support/test-relay.ts';
import { opensslRenegotiation } from './openssl-client.ts';
import { waitForListener } from './wait-for-listener.ts';

let relay: TestRelay;
let sink: SmtpSink;
let operator: RelayOperator;
let certificateId: string;
before(async () => {
  sink = await startSmtpSink();
  relay = await startTestRelay();
  operator = relayOperator(relay.api, { smartHost: sink });
  certificateId = await operator.createCertificate('relay.test');
});
after(async () => { await relay?.dispose(); await sink?.stop(); });

for (const require128Bit of [true, false]) {
  test(`require_128_bit = ${require128Bit}: client-initiated renegotiation gets no_renegotiation and the session ends`, async () => {
    const port = await freePort();
    await operator.createServer({ name: `renegotiation-${port}`, port, tls: { certificate_id: certificateId, require_128_bit: require128Bit } });
    await waitForListener(port);
    const outcome = await opensslRenegotiation(port);
    assert.ok(outcome.answeredBefore, `NOOP answered inside TLS before the renegotiation:\n${outcome.transcript}`);
    assert.match(outcome.transcript, /RENEGOTIATING/);
    assert.match(outcome.transcript, /:no renegotiation:/, 'the server answered with a no_renegotiation alert');
    assert.ok(!outcome.answeredAfter, `no command is answered after the renegotiation request:\n${outcome.transcript}`);
    assert.ok(outcome.closed, 'the connection ended');
  });
}
