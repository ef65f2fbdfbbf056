// Rate limits across two relay nodes sharing one PostgreSQL database: the per-minute counters are shared (the total
// accepted over both nodes stays at the limit); connections per client IP are counted per node, as documented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../support/free-port.ts';
import { postgresSkip } from '../support/postgres.ts';
import { relayOperator } from '../support/relay-operator.ts';
import { oneMessage, session, transaction, windowWithRoom } from '../data-plane/rate-limit-client.ts';
import { SmtpDialog } from '../data-plane/smtp-dialog.ts';
import { waitForListener } from '../data-plane/wait-for-listener.ts';
import { startCluster } from './cluster.ts';

test('two PostgreSQL nodes: messages and recipients per client IP and per sender domain are counted once over both nodes', { skip: postgresSkip }, async (t) => {
  const cluster = await startCluster(t, { nodes: 2, leaseSeconds: 30 });
  const [a, b] = cluster.nodes;
  const port = await freePort();
  await relayOperator(a.api).createServer({
    name: 'rate-nodes', port, local_domains: ['corp.test'],
    rate_limits: { messages_per_minute_per_client_ip: 6, recipients_per_minute_per_sender_domain: 5 },
    limits: { max_connections_per_ip: 2 },
  });
  await waitForListener(port, a.smtpHost, 30_000);
  await waitForListener(port, b.smtpHost, 30_000);
  await windowWithRoom(60_000, 30_000);

  // Ten messages from 127.0.0.9, alternating between the nodes and in parallel pairs: six get through in total.
  const results = [];
  for (let i = 0; i < 5; i++) {
    results.push(...await Promise.all([a, b].map((node) => oneMessage(port, '127.0.0.9', `s${i}@sender${i}.test`, 'bob@corp.test', undefined, node.smtpHost))));
  }
  const accepted = results.filter((r) => r.accepted).length;
  assert.equal(accepted, 6, `accepted ${accepted} of 10 over both nodes`);
  for (const r of results) if (!r.accepted) assert.match(r.mail.line, /^451 4\.7\.1 rate limit: 6 messages per minute per client 127\.0\.0\.9 reached/);

  // Recipients per sender domain from another IP: three through node A, then two more and a refused one through node B.
  const onA = await session(port, '127.0.0.10', undefined, a.smtpHost);
  try {
    assert.deepEqual((await transaction(onA, 'x@shared.test', ['a@corp.test', 'b@corp.test', 'c@corp.test'])).rcpt.map((r) => r.code), [250, 250, 250]);
  } finally {
    onA.close();
  }
  const onB = await session(port, '127.0.0.11', undefined, b.smtpHost);
  try {
    const rcpt = (await transaction(onB, 'y@shared.test', ['d@corp.test', 'e@corp.test', 'f@corp.test'])).rcpt;
    assert.deepEqual(rcpt.map((r) => r.code), [250, 250, 451]);
    assert.match(rcpt[2].line, /^451 4\.7\.1 rate limit: 5 recipients per minute per sender domain shared\.test reached/);
  } finally {
    onB.close();
  }

  // Connections per client IP are per node: two held on A, the third on A refused, B still takes two of its own.
  const heldA = [await SmtpDialog.open(a.smtpHost, port, '127.0.0.12'), await SmtpDialog.open(a.smtpHost, port, '127.0.0.12')];
  try {
    const third = await SmtpDialog.open(a.smtpHost, port, '127.0.0.12');
    third.dialog.close();
    assert.match(third.greeting.line, /^421 4\.7\.0 Too many connections from 127\.0\.0\.12/);
    const onNodeB = await SmtpDialog.open(b.smtpHost, port, '127.0.0.12');
    assert.equal(onNodeB.greeting.code, 220, 'node B counts its own connections');
    onNodeB.dialog.close();
  } finally {
    heldA.forEach((h) => h.dialog.close());
  }
  const { rows } = await cluster.db.query<{ count: number }>("SELECT sum(count)::int AS count FROM rate_counters WHERE key LIKE '% messages client_ip 127.0.0.9'");
  assert.equal(rows[0].count, 6, 'one shared counter row per window holds both nodes\' messages');
});
