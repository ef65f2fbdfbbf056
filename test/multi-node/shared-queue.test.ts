// Three relay nodes share one queue on PostgreSQL: mail accepted by any node is delivered exactly once, and when a
// node is killed with claims in hand, the others deliver its messages once its leases have expired.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../support/free-port.ts';
import { postgresSkip } from '../support/postgres.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { sendThrough, startCluster, until, type Cluster } from './cluster.ts';

/** A virtual server created through node A that relays for loopback clients to the sink; resolves once every node listens. */
async function relayingServer(cluster: Cluster, sinkPort: number): Promise<number> {
  const [a] = cluster.nodes;
  const port = await freePort();
  const vs = await a.api('POST', '/v1/virtual-servers', {
    name: 'load', port, delivery: { smart_host: '127.0.0.1', smart_host_port: sinkPort, retry_intervals_minutes: [0.01] },
  });
  assert.equal(vs.status, 201, vs.text);
  assert.equal((await a.api('POST', `/v1/virtual-servers/${vs.body.id}/relay-rules`, { cidr: '127.0.0.0/8' })).status, 201);
  for (const node of cluster.nodes) await until(`node ${node.name} to relay`, async () => sendThrough(node.smtpHost, port, `probe-${node.name}@multi.test`), 15_000);
  return port;
}

const deliveredBy = async (node: Cluster['nodes'][number]) =>
  Number(/^smtp_delivered_total\{[^}]*\} (\d+)/m.exec((await node.api('GET', '/metrics')).text)?.[1] ?? 0);

test('mail spread over three nodes is delivered exactly once and by all of them', { skip: postgresSkip }, async (t) => {
  const cluster = await startCluster(t, { nodes: 3, leaseSeconds: 5 });
  const sink = await startSmtpSink();
  t.after(() => sink.stop());
  const port = await relayingServer(cluster, sink.port);
  const total = 150;
  await Promise.all(Array.from({ length: total }, (_, i) => {
    const node = cluster.nodes[i % 3];
    return sendThrough(node.smtpHost, port, `spread-${i}@multi.test`);
  }));
  await sink.waitFor(total + 3, 30_000);
  await until('the shared queue to drain', async () =>
    ((await cluster.db.query('SELECT count(*)::int AS n FROM queue_messages')).rows[0].n === 0 ? true : undefined), 10_000);
  const spread = sink.messages.filter((m) => m.messageId?.startsWith('spread-'));
  assert.equal(new Set(spread.map((m) => m.messageId)).size, total);
  assert.equal(spread.length, total, 'no Message-ID delivered twice');
  const perNode = await Promise.all(cluster.nodes.map(deliveredBy));
  t.diagnostic(`delivered per node: ${perNode.join(', ')}`);
  assert.equal(perNode.reduce((sum, n) => sum + n, 0), total + 3);
  assert.ok(perNode.every((n) => n > 0), 'every node delivered some of the mail');
});

test('kill -9 of a node with claimed mail: the others deliver all of it after its leases expire', { skip: postgresSkip }, async (t) => {
  const cluster = await startCluster(t, { nodes: 3, leaseSeconds: 2 });
  const [, b] = cluster.nodes;
  const lastArrival = new Map<string, number>();
  // A slow far end keeps node B's claims in flight when it dies.
  const sink = await startSmtpSink({ delayMs: 40, dataReply: (m) => { lastArrival.set(m.messageId ?? '', Date.now()); return null; } });
  t.after(() => sink.stop());
  const port = await relayingServer(cluster, sink.port);
  const total = 60;
  const messageIdOf = new Map<string, string>();
  await Promise.all(Array.from({ length: total }, async (_, i) => {
    messageIdOf.set(await sendThrough(b.smtpHost, port, `crash-${i}@multi.test`), `crash-${i}@multi.test`);
  }));
  await sink.waitFor(3 + 3, 15_000);

  await b.kill9();
  const { rows: held } = await cluster.db.query<{ id: string; lease_expires_at: Date }>(
    'SELECT id, lease_expires_at FROM queue_messages WHERE lease_owner = $1', [b.nodeId]);
  t.diagnostic(`node B died holding ${held.length} claims`);
  assert.ok(held.length > 0, 'node B held claims when it was killed');

  await until('every message to arrive', async () => {
    const missing = [...messageIdOf.values()].filter((id) => !lastArrival.has(id));
    return missing.length === 0 ? true : undefined;
  }, 30_000);
  await until('the shared queue to drain', async () =>
    ((await cluster.db.query('SELECT count(*)::int AS n FROM queue_messages')).rows[0].n === 0 ? true : undefined), 10_000);
  for (const { id, lease_expires_at: expiry } of held) {
    const messageId = messageIdOf.get(id)!;
    assert.ok(lastArrival.get(messageId)! >= expiry.getTime(), `${messageId} was taken over only after node B's lease expired`);
  }
  const duplicates = [...messageIdOf.values()].filter((id) => sink.countOf(id) > 1);
  t.diagnostic(`delivered twice (in flight at node B when it died): ${duplicates.length}`);
  assert.ok(duplicates.every((id) => held.some((h) => messageIdOf.get(h.id) === id)), 'only messages node B held can arrive twice');
});
