// A TLS 1.2 client that asks to renegotiate inside a STARTTLS session is refused and loses the connection, on every listener.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../support/free-port.ts';
import { operatedRelay } from '../support/operated-relay.ts';
import { opensslRenegotiation } from './openssl-client.ts';
import { waitForListener } from './wait-for-listener.ts';

let certificateId: string;
const fx = operatedRelay({}, async ({ operator }) => {
  certificateId = await operator.createCertificate('relay.test');
});

for (const require128Bit of [true, false]) {
  test(`require_128_bit = ${require128Bit}: client-initiated renegotiation gets no_renegotiation and the session ends`, async () => {
    const port = await freePort();
    await fx.operator.createServer({ name: `renegotiation-${port}`, port, tls: { certificate_id: certificateId, require_128_bit: require128Bit } });
    await waitForListener(port);
    const outcome = await opensslRenegotiation(port);
    assert.ok(outcome.answeredBefore, `NOOP answered inside TLS before the renegotiation:\n${outcome.transcript}`);
    assert.match(outcome.transcript, /RENEGOTIATING/);
    assert.match(outcome.transcript, /:no renegotiation:/, 'the server answered with a no_renegotiation alert');
    assert.ok(!outcome.answeredAfter, `no command is answered after the renegotiation request:\n${outcome.transcript}`);
    assert.ok(outcome.closed, 'the connection ended');
  });
}
