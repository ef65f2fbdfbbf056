// Deleting mail when its audit entry cannot be written: the client hears the deletion it got, and the entry goes to the log.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { DirectoryLogins } from '../../directory/directory-logins.ts';
import type { NewMessage } from '../../store/queue-store.ts';
import { SqliteConfigStore } from '../../store/sqlite/config-store.ts';
import { startTestRelay, type TestRelay } from '../../../../test/support/test-relay.ts';
import { ConsoleSessions } from '../console/console-sessions.ts';
import { createHttpApp } from '../http-app.ts';
import { LoginRateLimiter } from '../login-rate-limiter.ts';
import { deadLetterRoutes } from './dead-letter-routes.ts';
import { queueRoutes } from './queue-routes.ts';

let relay: TestRelay;
let server: Server;
let url: string;
let auditDir: string;
const lines: Array<Record<string, any>> = [];

before(async () => {
  relay = await startTestRelay();
  // A real audit store that fails for real: a SQLite config store, closed.
  auditDir = mkdtempSync(join(tmpdir(), 'audit-store-'));
  const auditStore = SqliteConfigStore.open(join(auditDir, 'config.sqlite'));
  await auditStore.close();
  await assert.rejects(auditStore.transaction(async () => undefined), 'the closed store refuses every write');
  const sink = new Writable({ write(chunk, _encoding, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  const logger = pino({ level: 'info' }, sink);
  const queue = relay.handles().queue;
  const signIn = { reads: relay.handles().store, limiter: new LoginRateLimiter(), directories: { box: null as never, logins: new DirectoryLogins() }, sessions: new ConsoleSessions() };
  const app = createHttpApp([...queueRoutes(queue, auditStore, logger), ...deadLetterRoutes(queue, auditStore, logger)], signIn, logger);
  server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await relay.dispose();
  rmSync(auditDir, { recursive: true, force: true });
});

const call = (method: string, path: string, body?: unknown) => fetch(`${url}${path}`, {
  method, headers: { authorization: `Bearer ${relay.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  body: body === undefined ? undefined : JSON.stringify(body),
});

/** Stored already leased to another holder, so the relay's own delivery leaves them alone. */
async function seed(...recipients: string[]): Promise<string[]> {
  const envelope = (to: string): NewMessage => ({ virtual_server_id: 'vs1', sender: 'secret-sender@example.com', recipients: [to], client_ip: '127.0.0.1', authenticated_as: null });
  const queue = relay.handles().queue;
  const stored = await Promise.all(recipients.map((to) => queue.enqueueClaimed(envelope(to), Buffer.from('Subject: private\r\n\r\nconfidential body\r\n'), 'test-holder', 600_000)));
  return stored.map((message) => message.id);
}

const loggedEntries = () => lines.filter((line) => line.level === 50 && /audit entry not written/.test(line.msg)).map((line) => line.audit_entry);

test('a deletion whose audit entry cannot be written is answered as done, the mail is gone, and the entry is logged', async () => {
  const queue = relay.handles().queue;
  const [one] = await seed('one@gone.example');
  const byId = await call('DELETE', `/v1/queue/${one}`);
  assert.equal(byId.status, 204, await byId.text());
  assert.equal(await queue.get(one), null);

  const bulk = await seed('a@bulk.example', 'b@bulk.example');
  const page = await call('POST', '/v1/queue/delete', { recipient_domain: 'bulk.example' });
  assert.equal(page.status, 200);
  assert.deepEqual(await page.json(), { deleted: 2, next_after: null });
  for (const id of bulk) assert.equal(await queue.get(id), null);

  const [dead] = await seed('dead@gone.example');
  assert.ok(await queue.deadLetter(dead, {
    recipients: [{ address: 'dead@gone.example', status: 'failed', last_error: '550 5.1.1 no such user' }], reason: '550 5.1.1 no such user',
    reason_class: 'null_sender_failed', dead_at: new Date(), expires_at: new Date(Date.now() + 3_600_000),
  }));
  assert.equal((await call('DELETE', `/v1/dead-letters/${dead}`)).status, 204);
  assert.equal(await queue.getDeadLetter(dead), null);

  assert.deepEqual(loggedEntries(), [
    { actor: 'admin', action: 'delete', object_type: 'queued_message', object_id: one, before: { id: one }, after: null },
    { actor: 'admin', action: 'delete_matching', object_type: 'queued_message', object_id: '*', before: { filter: { recipient_domain: 'bulk.example' }, after: null, deleted: 2 }, after: null },
    { actor: 'admin', action: 'delete', object_type: 'dead_letter', object_id: dead, before: { id: dead }, after: null },
  ]);
  const text = JSON.stringify(lines);
  for (const content of ['private', 'confidential', 'secret-sender', 'one@', 'dead@', '550 5.1.1']) assert.ok(!text.includes(content), `${content} in the log`);
});

test('nothing deleted, nothing logged: a delete of mail that is not there is still a 404', async () => {
  const logged = loggedEntries().length;
  assert.equal((await call('DELETE', '/v1/queue/no-such-message')).status, 404);
  assert.equal((await call('DELETE', '/v1/dead-letters/no-such-letter')).status, 404);
  assert.equal(loggedEntries().length, logged);
});
