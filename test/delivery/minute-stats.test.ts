// Per-minute statistics of a real relay (child process): mail delivered, deferred and bounced by a sink shows in
// GET /v1/stats/minutes in the minutes it happened, with the queue size; the same with two worker processes; an
// operator sees only the servers he operates; refusals by a rate limit or the per-IP connection limit count as rate_limited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { apiClient } from '../support/api-client.ts';
import { freePort } from '../support/free-port.ts';
import { assertWithin, judgingSink, minutesOf, send, totals, untilTotals, type MinuteRow } from '../support/minute-stats.ts';
import { startTestRelay, type TestRelay } from '../support/test-relay.ts';
import { until } from '../multi-node/cluster.ts';
import { counterTotal, session, transaction, windowWithRoom } from '../data-plane/rate-limit-client.ts';
import { SmtpDialog } from '../data-plane/smtp-dialog.ts';
import { waitForListener } from '../data-plane/wait-for-listener.ts';

/** A virtual server relaying for loopback clients to the sink, never retrying within the test; resolves once it takes mail. */
async function relayingServer(relay: TestRelay, sinkPort: number, name: string): Promise<{ id: string; port: number }> {
  const port = await freePort();
  const vs = await relay.api('POST', '/v1/virtual-servers', {
    name, port, delivery: { smart_host: '127.0.0.1', smart_host_port: sinkPort, retry_intervals_minutes: [60] },
  });
  assert.equal(vs.status, 201, vs.text);
  assert.equal((await relay.api('POST', `/v1/virtual-servers/${vs.body.id}/relay-rules`, { cidr: '127.0.0.0/8' })).status, 201);
  await until(`${name} to listen`, async () => ((await relay.api('GET', `/v1/virtual-servers/${vs.body.id}`)).body.listener_state === 'listening' ? true : undefined), 60_000);
  return { id: vs.body.id, port };
}

/**
 * Three messages: one delivered to two recipients, one deferred (451), one bounced (550, whose report to the sender is
 * delivered too). The relay counts recipients for outcomes, messages for accepted: 3 accepted, 3 delivered, 1 deferred,
 * 1 bounced; the sink gets two messages (the first and the report); one message stays queued.
 */
async function traffic(relay: TestRelay, port: number, tag: string): Promise<void> {
  await send('127.0.0.1', port, 'sender@client.test', ['one@far.test', 'two@far.test'], `${tag}-delivered`);
  const deferred = await send('127.0.0.1', port, 'sender@client.test', ['defer@far.test'], `${tag}-deferred`);
  await send('127.0.0.1', port, 'sender@client.test', ['bounce@far.test'], `${tag}-bounced`);
  await until('the deferral', async () => {
    const message = (await relay.api('GET', `/v1/queue/${deferred}`)).body;
    return message?.state === 'deferred' ? true : undefined;
  }, 20_000);
}

const expected = { accepted: 3, delivered: 3, deferred: 1, bounced: 1 };

test('delivered, deferred and bounced mail shows in its minutes with the queue size; an operator sees only his server', async (t) => {
  const sink = await judgingSink();
  t.after(() => sink.stop());
  const relayStarted = Date.now();
  const relay = await startTestRelay({ mode: 'child-process', statsIntervalSeconds: 1 });
  t.after(() => relay.dispose());
  const mine = await relayingServer(relay, sink.port, 'stats-mine');
  const other = await relayingServer(relay, sink.port, 'stats-other');

  const started = new Date();
  await traffic(relay, mine.port, 'one');
  await sink.waitFor(2, 20_000);
  const rows = await untilTotals(relay.api, mine.id, expected);
  assertWithin(rows, started, new Date());
  await until('a queue sample with the deferred message', async () => ((await minutesOf(relay.api, mine.id)).at(-1)!.queue_size === 1 ? true : undefined), 10_000);
  const quiet = await minutesOf(relay.api, other.id);
  assert.ok(quiet.every((row) => row.accepted + row.delivered + row.deferred + row.bounced === 0), 'the other server had no traffic');
  assert.equal(quiet.at(-1)!.queue_size, 0, 'an empty queue is sampled as 0, not left unknown');
  const before = quiet.filter((row) => Date.parse(row.minute) + 60_000 <= relayStarted);
  assert.ok(before.length > 0 && before.every((row) => row.queue_size === null), 'minutes before the relay ran have no sample');

  const account = await relay.api('POST', '/v1/accounts', { name: 'stats-op', domain: 'CORP', password_wo: 'operator-password-1', password_wo_version: 1 });
  assert.equal((await relay.api('POST', `/v1/virtual-servers/${mine.id}/operators`, { account_id: account.body.id })).status, 201);
  const operator = apiClient(relay.apiUrl, '');
  const as = { authorization: `Basic ${Buffer.from('CORP\\stats-op:operator-password-1').toString('base64')}` };
  const own = await operator('GET', `/v1/stats/minutes?virtual_server_id=${mine.id}&minutes=10`, undefined, as);
  assert.equal(own.status, 200, own.text);
  assert.deepEqual(totals(own.body.servers[0].minutes), expected, 'the operator reads the same counts');
  assert.equal((await operator('GET', `/v1/stats/minutes?virtual_server_id=${other.id}`, undefined, as)).status, 403, 'another server: 403');
  const unfiltered = await operator('GET', '/v1/stats/minutes', undefined, as);
  assert.deepEqual(unfiltered.body.servers.map((s: { virtual_server_id: string }) => s.virtual_server_id), [mine.id], 'without a filter: only his server');
  assert.equal(unfiltered.body.servers[0].minutes.length, 60, 'the last hour by default');
  const admin = await relay.api('GET', '/v1/stats/minutes?minutes=5');
  assert.deepEqual(admin.body.servers.map((s: { virtual_server_id: string }) => s.virtual_server_id).sort(), [mine.id, other.id].sort());
  assert.equal((await relay.api('GET', '/v1/stats/minutes?minutes=0')).status, 422);
  assert.equal((await relay.api('GET', '/v1/stats/minutes?virtual_server_id=nope')).status, 404);
  assert.equal((await operator('GET', '/v1/stats/minutes', undefined, { authorization: '' })).status, 401);
  const spec = (await relay.api('GET', '/v1/openapi.json')).body;
  assert.ok(spec.paths['/v1/stats/minutes'].get, 'documented in the OpenAPI document');
});

test('two worker processes: each adds its own rows, a read sums them; the queue size is not doubled', async (t) => {
  const sink = await judgingSink();
  t.after(() => sink.stop());
  const relay = await startTestRelay({ mode: 'child-process', statsIntervalSeconds: 1, workers: 2 });
  t.after(() => relay.dispose());
  const server = await relayingServer(relay, sink.port, 'stats-workers');
  const started = new Date();
  // Four rounds over new connections: the kernel spreads them over both workers' listeners.
  for (let round = 0; round < 4; round++) await traffic(relay, server.port, `w${round}`);
  await sink.waitFor(8, 30_000);
  const rows = await untilTotals(relay.api, server.id, { accepted: 12, delivered: 12, deferred: 4, bounced: 4 });
  assertWithin(rows, started, new Date());
  await until('a queue sample with the 4 deferred messages', async () => ((await minutesOf(relay.api, server.id)).at(-1)!.queue_size === 4 ? true : undefined), 10_000);

  const db = new Database(join(relay.dataDir, 'queue.sqlite'), { readonly: true });
  try {
    const nodes = db.prepare('SELECT DISTINCT node_id FROM traffic_minutes WHERE virtual_server_id = ? ORDER BY node_id').all(server.id) as Array<{ node_id: string }>;
    assert.deepEqual(nodes.map((n) => n.node_id), [`${relay.nodeId}/0`, `${relay.nodeId}/1`], 'a row per worker process');
  } finally {
    db.close();
  }
});

test('refusals by a rate limit and by max_connections_per_ip show as rate_limited in their minute, beside the accepted mail', async (t) => {
  const relay = await startTestRelay({ mode: 'child-process', statsIntervalSeconds: 1 });
  t.after(() => relay.dispose());
  const port = await freePort();
  const vs = await relay.api('POST', '/v1/virtual-servers', {
    name: 'stats-limited', port, local_domains: ['corp.test'],
    rate_limits: { messages_per_minute_per_client_ip: 1 }, limits: { max_connections_per_ip: 1 },
  });
  assert.equal(vs.status, 201, vs.text);
  await waitForListener(port);
  // The whole test in one rate window (one minute): the second and third MAIL are refused, not let through by a new window.
  await windowWithRoom(60_000, 20_000);
  const started = new Date();
  // One session for the three messages: a second connection from 127.0.0.2 would meet max_connections_per_ip first.
  const dialog = await session(port, '127.0.0.2');
  try {
    assert.equal((await transaction(dialog, 'a@sender.test', ['bob@corp.test'])).data?.code, 250, 'the first message has room');
    for (let i = 0; i < 2; i++) {
      assert.match((await transaction(dialog, 'a@sender.test', ['bob@corp.test'])).mail.line, /^451 4\.7\.1 rate limit/, `message ${i + 2}`);
    }
  } finally {
    dialog.close();
  }
  const held = await SmtpDialog.open('127.0.0.1', port, '127.0.0.4');
  try {
    assert.equal(held.greeting.code, 220);
    const second = await SmtpDialog.open('127.0.0.1', port, '127.0.0.4');
    assert.equal(second.greeting.code, 421, 'a second connection from 127.0.0.4 is over max_connections_per_ip');
    second.dialog.close();
  } finally {
    held.dialog.close();
  }
  const ended = new Date();
  let rows: MinuteRow[] = [];
  await until('the refusals in the statistics', async () => {
    rows = await minutesOf(relay.api, vs.body.id);
    return rows.reduce((n, row) => n + row.rate_limited, 0) === 3 ? true : undefined;
  }, 20_000);
  assertWithin(rows, started, ended);
  assert.equal(totals(rows).accepted, 1, 'a refused message is not accepted');
  const metrics = (await relay.api('GET', '/metrics', undefined, { authorization: '' })).text;
  assert.equal(counterTotal(metrics, 'smtp_rate_limited_total', { virtual_server: vs.body.id }), 3, 'the same refusals as smtp_rate_limited_total');
});
