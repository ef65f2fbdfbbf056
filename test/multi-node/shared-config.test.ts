// Two relay nodes on one PostgreSQL database share one configuration: changes made through either node's API
// reach the other node's SMTP listeners within a second, and ETags mean the same on both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { freePort } from '../support/free-port.ts';
import { postgresSkip } from '../support/postgres.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { sendThrough, startCluster, until } from './cluster.ts';

/** Resolves with the first line the server at host:port sends, or undefined when nothing listens there. */
function greeting(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (line: string | undefined) => { socket.destroy(); resolve(line); };
    socket.setTimeout(500, () => done(undefined));
    socket.once('error', () => done(undefined));
    socket.once('data', (chunk) => done(chunk.toString().split('\r\n')[0]));
  });
}

test('a virtual server created through node A serves mail on node B within a second; ETags hold across nodes', { skip: postgresSkip }, async (t) => {
  const cluster = await startCluster(t, { nodes: 2, leaseSeconds: 5 });
  const [a, b] = cluster.nodes;
  const sink = await startSmtpSink();
  t.after(() => sink.stop());
  const port = await freePort();

  const created = await a.api('POST', '/v1/virtual-servers', {
    name: 'shared', port, delivery: { smart_host: '127.0.0.1', smart_host_port: sink.port },
  });
  assert.equal(created.status, 201, created.text);
  const listening = Date.now();
  assert.match(await until('node B to listen', async () => greeting(b.smtpHost, port), 1000), /^220 /);
  t.diagnostic(`node B listened ${Date.now() - listening} ms after node A's 201`);
  assert.match(await until('node A to listen', async () => greeting(a.smtpHost, port), 1000), /^220 /);

  // Each node reports its own listener: nodes do not publish listener states to each other.
  const statusOf = (node: typeof a) => until(`${node.smtpHost} to report listening`, async () => {
    const status = (await node.api('GET', `/v1/virtual-servers/${created.body.id}/status`)).body;
    return status.listener_state === 'listening' ? status : undefined;
  }, 2000);
  const [statusA, statusB] = [await statusOf(a), await statusOf(b)];
  assert.deepEqual([statusA.nodes.length, statusB.nodes.length], [1, 1]);
  assert.deepEqual([statusA.nodes[0].bind_address, statusB.nodes[0].bind_address], [a.smtpHost, b.smtpHost]);
  assert.notEqual(statusA.nodes[0].node_id, statusB.nodes[0].node_id);

  // Relaying is denied until a relay rule exists; the rule is created through A and must take effect on B.
  await assert.rejects(sendThrough(b.smtpHost, port, 'denied@multi.test'), /550/);
  assert.equal((await a.api('POST', `/v1/virtual-servers/${created.body.id}/relay-rules`, { cidr: '127.0.0.0/8' })).status, 201);
  const ruled = Date.now();
  await until('node B to relay', async () => sendThrough(b.smtpHost, port, 'relayed@multi.test'), 1000);
  t.diagnostic(`node B relayed ${Date.now() - ruled} ms after node A's 201 for the relay rule`);
  await sink.waitFor(1, 10_000);
  assert.equal(sink.countOf('relayed@multi.test'), 1);

  // The whole list replaced through B (PUT, one transaction on the shared database): A obeys it within a second too.
  const rules = `/v1/virtual-servers/${created.body.id}/relay-rules`;
  const replaced = await b.api('PUT', rules, { items: [{ cidr: '10.0.0.0/8' }, { ip_address: '192.0.2.7' }] });
  assert.equal(replaced.status, 200, replaced.text);
  const deniedOnA = (attempt: number) => sendThrough(a.smtpHost, port, `list-${attempt}@multi.test`).then(() => undefined, (error: Error) => (/550/.test(error.message) ? true : undefined));
  let attempt = 0;
  await until('node A to refuse relaying under the replaced list', () => deniedOnA(attempt++), 1000);
  assert.deepEqual((await a.api('GET', rules)).body.items.map((rule: { cidr: string | null; ip_address: string | null }) => rule.cidr ?? rule.ip_address),
    ['10.0.0.0/8', '192.0.2.7'], 'node A lists what node B stored');
  assert.equal((await a.api('PUT', rules, { items: [{ cidr: '127.0.0.0/8' }] })).status, 200);
  await until('node B to relay under the list replaced through A', async () => sendThrough(b.smtpHost, port, 'list-back@multi.test'), 1000);

  // One ETag per object version, whichever node serves it.
  const path = `/v1/virtual-servers/${created.body.id}`;
  const [readA, readB] = [await a.api('GET', path), await b.api('GET', path)];
  assert.deepEqual(readB.body, readA.body);
  const etag = readA.headers.get('etag')!;
  assert.equal(readB.headers.get('etag'), etag);
  const patched = await b.api('PATCH', path, { enabled: false }, { 'if-match': etag });
  assert.equal(patched.status, 200, patched.text);
  assert.notEqual(patched.headers.get('etag'), etag);
  const stale = await a.api('PATCH', path, { name: 'lost-update' }, { 'if-match': etag });
  assert.equal(stale.status, 412, 'node A refuses the ETag node B already replaced');
  assert.equal((await a.api('GET', path)).headers.get('etag'), patched.headers.get('etag'));

  // Disabled through B: A closes its listener within a second too.
  const disabled = Date.now();
  await until('node A to stop listening', async () => ((await greeting(a.smtpHost, port)) === undefined ? true : undefined), 1000);
  t.diagnostic(`node A closed its listener ${Date.now() - disabled} ms after node B's change`);
});
