// Nothing the relay answered 250 disappears: with mixed outcomes, every id is in exactly one of the queue, the
// dead-letter store, a delivered log line or a bounced log line; dead letters survive kill -9 and a restart. On SQLite
// and on PostgreSQL.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { DeadLetter } from '../../relay-service/src/store/queue-store.ts';
import { postgresSkip, startTestPostgres } from '../support/postgres.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { deliveryE2e } from './support/relay-e2e.ts';

type Place = 'queue' | 'dead-letter' | 'delivered' | 'bounced';

interface AttemptLine { msg: string; queue_id?: string; delivered?: number; deferred?: number; failed?: number; ndr_id?: string | null }

for (const engine of ['sqlite', 'postgres'] as const) {
  test(`${engine}: every id answered 250 is in exactly one of: queue, dead-letter store, delivered or bounced log line; dead letters survive kill -9`,
    { skip: engine === 'postgres' ? postgresSkip : false }, (t) => nothingDisappears(t, engine));
}

async function nothingDisappears(t: TestContext, engine: 'sqlite' | 'postgres'): Promise<void> {
  let databaseUrl: string | undefined;
  if (engine === 'postgres') {
    const server = await startTestPostgres();
    t.after(() => server.stop());
    databaseUrl = await server.createDatabase();
  }
  const relay = await startTestRelay({ mode: 'child-process', logLevel: 'info', ...(databaseUrl ? { databaseUrl } : {}) });
  t.after(() => relay.dispose());
  const sink = await startSmtpSink({
    rcptReply: (address) => (/@(refuse|bad)\.test$/.test(address) ? '550 5.1.1 no such mailbox'
      : address.endsWith('@slow.test') ? '451 4.3.0 try again later' : null),
  });
  t.after(() => sink.stop());
  const e2e = deliveryE2e(relay);
  const vs = await e2e.createServer({ delivery: { smart_host: '127.0.0.1', smart_host_port: sink.port } });

  const raw = (n: string) => Buffer.from(`Subject: batch ${n}\r\nMessage-ID: <${n}@batch.test>\r\n\r\nbody ${n}\r\n`);
  const batch: Array<{ from: string; to: string; expected: Place }> = [];
  for (let i = 0; i < 3; i++) {
    batch.push({ from: 'a@client.test', to: `ok${i}@far.test`, expected: 'delivered' });
    batch.push({ from: 'good@client.test', to: `x${i}@refuse.test`, expected: 'bounced' });
    // The original is bounced; the report to a sender that does not exist fails too and is dead-lettered (under its own id).
    batch.push({ from: `ghost${i}@bad.test`, to: `y${i}@refuse.test`, expected: 'bounced' });
    batch.push({ from: 'a@client.test', to: `later${i}@slow.test`, expected: 'queue' });
    batch.push({ from: '', to: `z${i}@refuse.test`, expected: 'dead-letter' });
  }
  const ids = await Promise.all(batch.map((m, i) => e2e.submit(vs, m.from, [m.to], raw(`m${i}`))));
  assert.equal(new Set(ids).size, batch.length);

  const attemptLines = () => relay.output().split('\n').filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as AttemptLine).filter((l) => l.msg === 'message attempt recorded');
  const placesOf = async (id: string, lines: AttemptLine[]): Promise<Place[]> => {
    const places: Place[] = [];
    if ((await relay.api('GET', `/v1/queue/${id}`)).status === 200) places.push('queue');
    if ((await relay.api('GET', `/v1/dead-letters/${id}`)).status === 200) places.push('dead-letter');
    for (const line of lines.filter((l) => l.queue_id === id && l.deferred === 0)) {
      if (line.failed === 0 && (line.delivered ?? 0) > 0) places.push('delivered');
      if ((line.failed ?? 0) > 0 && typeof line.ndr_id === 'string') places.push('bounced');
    }
    return places;
  };

  const deadline = Date.now() + 30_000;
  let places: Place[][];
  for (;;) {
    const lines = attemptLines();
    places = await Promise.all(ids.map((id) => placesOf(id, lines)));
    const settled = places.every((p, i) => p.includes(batch[i].expected))
      && (await relay.api<{ items: DeadLetter[] }>('GET', '/v1/dead-letters')).body.items.length === 6;
    if (settled || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const [i, id] of ids.entries()) {
    assert.deepEqual(places[i], [batch[i].expected], `${id} (${batch[i].from || '<>'} -> ${batch[i].to}) is in exactly one place`);
  }

  // The dead-letter store holds the three null-sender messages (under the ids their client was told) and the three
  // reports to ghost senders, which were never answered 250 to anyone: the relay made them.
  const dead = (await relay.api<{ items: DeadLetter[] }>('GET', '/v1/dead-letters')).body.items;
  const reports = dead.filter((d) => !ids.includes(d.id));
  assert.deepEqual(reports.map((d) => d.recipients[0].address).sort(), ['ghost0@bad.test', 'ghost1@bad.test', 'ghost2@bad.test']);
  const download = async (id: string) => Buffer.from(await (await fetch(`${relay.apiUrl}/v1/dead-letters/${id}/message`,
    { headers: { authorization: `Bearer ${relay.token}` } })).arrayBuffer());
  const before = await Promise.all(dead.map((d) => download(d.id)));
  assert.ok(before.every((data, i) => data.length === dead[i].size && data.length > 0));

  await relay.kill9();
  await relay.restart();
  const after = (await relay.api<{ items: DeadLetter[] }>('GET', '/v1/dead-letters')).body.items;
  assert.deepEqual(after.map((d) => d.id), dead.map((d) => d.id), 'every dead letter survived kill -9');
  for (const [i, d] of after.entries()) assert.ok((await download(d.id)).equals(before[i]), `${d.id} byte for byte after the restart`);
  for (const [i, id] of ids.entries()) {
    if (batch[i].expected === 'queue') assert.equal((await relay.api('GET', `/v1/queue/${id}`)).status, 200, `${id} still queued after the restart`);
  }
}
