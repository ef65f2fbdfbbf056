// The queue routes the operator CLI builds on: recipient-domain filter and totals, bulk retry/delete in pages, the raw message, and GET /v1/status.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { NewMessage } from '../store/queue-store.ts';
import { freePort } from '../../../test/support/free-port.ts';
import { startTestRelay, type TestRelay } from '../../../test/support/test-relay.ts';

let relay: TestRelay;
before(async () => {
  relay = await startTestRelay();
});
after(() => relay.dispose());

const envelope = (recipients: string[]): NewMessage => ({ virtual_server_id: 'vs1', sender: 'a@example.com', recipients, client_ip: '127.0.0.1', authenticated_as: null });

/** Enqueues stored already leased to another node, so the relay's own delivery cannot attempt (and bounce) them meanwhile; deferred ones wait an hour. */
async function seed(recipients: string[][], deferred: boolean): Promise<string[]> {
  const queue = relay.handles().queue;
  const ids = (await Promise.all(recipients.map((to, i) =>
    queue.enqueueClaimed(envelope(to), Buffer.from(`Subject: m${i}\r\nX-Seed: yes\r\n\r\nbody ${i}\r\n`), 'test-holder', 600_000)))).map((m) => m.id);
  if (deferred) {
    for (const id of ids) {
      await queue.recordAttempt(id, { recipients: (await queue.get(id))!.recipients, next_attempt_at: new Date(Date.now() + 3_600_000), last_error: '451 4.3.0 later' });
    }
    await queue.claimDue('test-holder', new Date(Date.now() + 7_200_000), ids.length + 100, 600_000);
  }
  return ids;
}

test('list filters by recipient domain and tells the total; bulk retry and delete take the filter page by page', async () => {
  const far = await seed(Array.from({ length: 5 }, (_, i) => [`u${i}@far.example`]), true);
  const near = await seed([['x@near.example'], ['y@NEAR.example', 'z@far.example']], true);
  const list = await relay.api('GET', '/v1/queue?recipient_domain=near.example&limit=1');
  assert.equal(list.status, 200);
  assert.equal(list.body.total, 2);
  assert.equal(list.body.items.length, 1);
  assert.equal((await relay.api('GET', '/v1/queue?state=deferred&recipient_domain=far.example')).body.total, 6);
  assert.equal((await relay.api('GET', '/v1/queue?recipient_domain=a@b')).status, 422);

  const first = await relay.api('POST', '/v1/queue/retry', { state: 'deferred', recipient_domain: 'far.example', limit: 4 });
  assert.equal(first.status, 200);
  assert.equal(first.body.retried, 4);
  assert.equal(typeof first.body.next_after, 'string');
  const second = await relay.api('POST', '/v1/queue/retry', { state: 'deferred', recipient_domain: 'far.example', limit: 4, after: first.body.next_after });
  assert.deepEqual(second.body, { retried: 2, next_after: null });
  for (const id of [...far, near[1]]) assert.ok(Date.parse((await relay.api('GET', `/v1/queue/${id}`)).body.next_attempt_at) <= Date.now(), id);
  assert.ok(Date.parse((await relay.api('GET', `/v1/queue/${near[0]}`)).body.next_attempt_at) > Date.now(), 'outside the filter');

  const bad = await relay.api('POST', '/v1/queue/delete', { state: 'lost', limit: 0, everything: true });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.error.details.map((d: { path: string }) => d.path).sort(), ['$.everything', '$.limit', '$.state']);
  const deleted = await relay.api('POST', '/v1/queue/delete', { recipient_domain: 'near.example' });
  assert.deepEqual(deleted.body, { deleted: 2, next_after: null });
  assert.equal((await relay.api('GET', `/v1/queue/${near[0]}`)).status, 404);
  assert.deepEqual(await relay.api('POST', '/v1/queue/delete', { state: 'deferred' }).then((r) => r.body), { deleted: 5, next_after: null });
  assert.equal((await relay.api('GET', '/v1/queue')).body.total, 0);
});

test('the raw message is served as message/rfc822, byte for byte; 404 once gone', async () => {
  const [id] = await seed([['r@far.example']], false);
  const raw = await relay.api('GET', `/v1/queue/${id}/message`);
  assert.equal(raw.status, 200);
  assert.match(raw.headers.get('content-type')!, /^message\/rfc822/);
  assert.equal(raw.text, 'Subject: m0\r\nX-Seed: yes\r\n\r\nbody 0\r\n');
  assert.equal((await relay.api('DELETE', `/v1/queue/${id}`)).status, 204);
  assert.equal((await relay.api('GET', `/v1/queue/${id}/message`)).status, 404);
});

test('status: the config version, each process with the version it applied, every listener, the queue by state; admin only', async () => {
  const created = await relay.api('POST', '/v1/virtual-servers', { name: 'status-vs', port: await freePort() });
  assert.equal(created.status, 201);
  const vs = created.body;
  await seed([['q@far.example']], false);
  // Until the data plane applied the change and bound the port (seconds on a loaded machine).
  const deadline = Date.now() + 20_000;
  const settled = (body: any) => body.processes[0]?.config_version === body.config_version
    && body.virtual_servers.find((s: { id: string }) => s.id === vs.id)?.listener.listener_state === 'listening';
  let status = await relay.api('GET', '/v1/status');
  while (!settled(status.body) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    status = await relay.api('GET', '/v1/status');
  }
  assert.equal(status.status, 200);
  assert.equal(status.body.config_version, Number(JSON.parse(created.headers.get('etag')!)));
  assert.deepEqual(status.body.processes, [{ node_id: relay.nodeId, config_version: status.body.config_version }]);
  const server = status.body.virtual_servers.find((s: { id: string }) => s.id === vs.id);
  assert.equal(server.name, 'status-vs');
  assert.equal(server.listener.listener_state, 'listening');
  assert.deepEqual(status.body.queue, { fresh: 1, deferred: 0 });
  await relay.api('POST', '/v1/accounts', { name: 'olga', domain: 'CORP', password_wo: 'olga-pass' });
  const asOlga = { authorization: `Basic ${Buffer.from('CORP\\olga:olga-pass').toString('base64')}` };
  assert.equal((await relay.api('GET', '/v1/status', undefined, asOlga)).status, 403);
});

test('deleting mail is audited: one entry per message deleted by id, one per bulk page with its filter and count; never the content', async () => {
  const audit = async (since: number) => ((await relay.api('GET', '/v1/audit-log?limit=1000')).body.items as any[])
    .filter((e) => e.seq > since && (e.object_type === 'queued_message' || e.object_type === 'dead_letter')).reverse();
  const [latest] = (await relay.api('GET', '/v1/audit-log?limit=1')).body.items;
  const mark = latest?.seq ?? 0;

  const [one] = await seed([['one@audited.example']], false);
  assert.equal((await relay.api('DELETE', `/v1/queue/${one}`)).status, 204);
  assert.equal((await relay.api('DELETE', `/v1/queue/${one}`)).status, 404, 'already gone: nothing deleted, nothing audited');
  const bulk = await seed(Array.from({ length: 5 }, (_, i) => [`b${i}@audited.example`]), true);
  let after: string | null = null;
  do {
    const page: { body: { deleted: number; next_after: string | null } } = await relay.api('POST', '/v1/queue/delete', { recipient_domain: 'audited.example', limit: 2, after });
    after = page.body.next_after;
  } while (after !== null);
  for (const id of bulk) assert.equal((await relay.api('GET', `/v1/queue/${id}`)).status, 404);
  const [dead] = await seed([['dead@audited.example']], false);
  assert.ok(await relay.handles().queue.deadLetter(dead, {
    recipients: [{ address: 'dead@audited.example', status: 'failed', last_error: '550 5.1.1 no such user' }], reason: '550 5.1.1 no such user',
    reason_class: 'null_sender_failed', dead_at: new Date(), expires_at: new Date(Date.now() + 3_600_000),
  }));
  assert.equal((await relay.api('DELETE', `/v1/dead-letters/${dead}`)).status, 204);

  const entries = await audit(mark);
  assert.deepEqual(entries.map((e) => [e.actor, e.action, e.object_type, e.object_id]), [
    ['admin', 'delete', 'queued_message', one],
    ['admin', 'delete_matching', 'queued_message', '*'],
    ['admin', 'delete_matching', 'queued_message', '*'],
    ['admin', 'delete_matching', 'queued_message', '*'],
    ['admin', 'delete', 'dead_letter', dead],
  ]);
  assert.deepEqual(entries[0].before, { id: one });
  assert.deepEqual(entries.slice(1, 4).map((e) => e.before.deleted), [2, 2, 1]);
  for (const e of entries.slice(1, 4)) assert.deepEqual(e.before.filter, { recipient_domain: 'audited.example' });
  assert.equal(entries[1].before.after, null);
  assert.equal(typeof entries[2].before.after, 'string', 'a later page names where it started');
  assert.deepEqual(entries[4].before, { id: dead });
  const text = JSON.stringify(entries);
  for (const content of ['Subject', 'X-Seed', 'body 0', 'a@example.com', 'one@', 'b0@', 'dead@', '550 5.1.1']) assert.ok(!text.includes(content), `${content} in ${text}`);
});
