// Two relay nodes on one PostgreSQL database: each writes its own per-minute rows, and GET /v1/stats/minutes on
// either node sums them, so the statistics are those of the whole cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../support/free-port.ts';
import { judgingSink, minutesOf, send, totals, untilTotals } from '../support/minute-stats.ts';
import { postgresSkip } from '../support/postgres.ts';
import { startCluster, until } from './cluster.ts';

test('mail accepted and delivered by two nodes is counted once, summed over both, on either node', { skip: postgresSkip }, async (t) => {
  const cluster = await startCluster(t, { nodes: 2, leaseSeconds: 5, statsIntervalSeconds: 1 });
  const [a, b] = cluster.nodes;
  const sink = await judgingSink();
  t.after(() => sink.stop());
  const port = await freePort();
  const vs = await a.api('POST', '/v1/virtual-servers', {
    name: 'stats-cluster', port, delivery: { smart_host: '127.0.0.1', smart_host_port: sink.port, retry_intervals_minutes: [60] },
  });
  assert.equal(vs.status, 201, vs.text);
  assert.equal((await a.api('POST', `/v1/virtual-servers/${vs.body.id}/relay-rules`, { cidr: '127.0.0.0/8' })).status, 201);
  for (const node of cluster.nodes) {
    await until(`node ${node.name} to relay`, async () => send(node.smtpHost, port, 'probe@client.test', ['probe@far.test'], `probe-${node.name}`), 20_000);
  }
  // Per node: 3 messages to 2 delivered recipients, 1 deferred (451), 1 bounced (550) whose report is delivered too.
  for (const node of cluster.nodes) {
    await send(node.smtpHost, port, 'sender@client.test', ['one@far.test'], `${node.name}-delivered`);
    await send(node.smtpHost, port, 'sender@client.test', ['defer@far.test'], `${node.name}-deferred`);
    await send(node.smtpHost, port, 'sender@client.test', ['bounce@far.test'], `${node.name}-bounced`);
  }
  // 2 probes + per node the delivered message and the bounce report.
  await sink.waitFor(6, 30_000);
  const expected = { accepted: 8, delivered: 6, deferred: 2, bounced: 2 };
  const fromA = await untilTotals(a.api, vs.body.id, expected);
  assert.deepEqual(totals(await minutesOf(b.api, vs.body.id)), expected, 'node B reads the same sums');
  await until('a queue sample with both deferred messages', async () => ((await minutesOf(b.api, vs.body.id)).at(-1)!.queue_size === 2 ? true : undefined), 10_000);
  assert.ok(fromA.some((row) => row.accepted > 0));

  const { rows } = await cluster.db.query<{ node_id: string; accepted: number }>(
    'SELECT node_id, SUM(accepted)::int AS accepted FROM traffic_minutes WHERE virtual_server_id = $1 GROUP BY node_id ORDER BY node_id', [vs.body.id]);
  assert.deepEqual(rows.map((r) => r.node_id), ['node-A', 'node-B'], 'each node wrote its own rows');
  assert.deepEqual(rows.map((r) => r.accepted), [4, 4], 'each node counted what it accepted');
});
