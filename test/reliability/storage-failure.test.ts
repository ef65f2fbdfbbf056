// Storage trouble while accepting: a full disk under the queue and under the drop directory, and a drop directory
// that turns read-only. The relay answers 4xx (never a 250 it cannot keep) and recovers without a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../support/free-port.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { relayUnderTest } from './relay-under-test.ts';
import { mountSmallTmpfs } from './small-tmpfs.ts';
import { submit } from './smtp-submit.ts';

const SENDER = 'sender@client.test';
/** RFC 3463 4.3.1 "mail system full": what a full disk gets. */
const FULL = /^452 4\.3\.1 /;
/** RFC 3463 4.3.0 "other or undefined mail system status": any other storage failure (e.g. a read-only disk). */
const FAILED = /^451 4\.3\.0 /;

test('disk full under the queue: 4xx while full, every 250 delivered, 250 again once space returns (same process)', { timeout: 90_000 }, async (t) => {
  const disk = mountSmallTmpfs(t, 24);
  const sinkPort = await freePort();
  // The smart host is down while the disk is full, so deliveries free no space inside the queue's files.
  const relay = await startTestRelay({ mode: 'child-process', dataDir: join(disk.dir, 'data') });
  t.after(() => relay.dispose());
  const r = await relayUnderTest(relay, { smartHostPort: sinkPort, retryIntervalsMinutes: [0.02] });
  const pid = r.relay.pid;
  const accepted: string[] = [];
  const before = await submit(r.smtpPort, SENDER, ['far@far.test'], 'full-before@client.test');
  assert.match(before.line, /^250 /);
  accepted.push('full-before@client.test');

  const filled = disk.fill();
  const replies: string[] = [];
  for (let i = 0; i < 200 && !replies.some((l) => !l.startsWith('250 ')); i++) {
    const id = `full-${i}@client.test`;
    const reply = await submit(r.smtpPort, SENDER, ['far@far.test'], id, 64 * 1024);
    replies.push(reply.line);
    if (reply.code === 250) accepted.push(id);
  }
  t.diagnostic(`filled ${filled} bytes; ${replies.length} messages until the first refusal (the queue's files had room for ${replies.length - 1}): ${replies.at(-1)}`);
  assert.match(replies.at(-1) ?? '', FULL, 'the relay refuses with a temporary storage error once the queue cannot grow');
  // While the disk stays full, every further message is refused the same way.
  for (let i = 0; i < 10; i++) {
    const reply = await submit(r.smtpPort, SENDER, ['far@far.test'], `still-full-${i}@client.test`, 64 * 1024);
    assert.match(reply.line, FULL, `message ${i} while full`);
  }
  assert.equal(r.relay.pid, pid);
  assert.equal((await r.relay.api('GET', '/healthz')).status, 200);

  disk.free();
  const after = await submit(r.smtpPort, SENDER, ['far@far.test'], 'full-after@client.test', 64 * 1024);
  assert.match(after.line, /^250 /, 'accepting again once space is back, without a restart');
  accepted.push('full-after@client.test');
  const sink = await startSmtpSink({ port: sinkPort });
  t.after(() => sink.stop());
  await sink.waitFor(accepted.length, 30_000);
  await r.queueEmpty(10_000);
  for (const id of accepted) assert.equal(sink.countOf(id), 1, id);
  assert.equal(r.relay.pid, pid, 'the same relay process throughout');
});

test('drop directory full, then read-only: local mail gets 4xx, then 250 once it is writable again (same process)', { timeout: 60_000 }, async (t) => {
  const drop = mountSmallTmpfs(t, 2);
  const relay = await startTestRelay({ mode: 'child-process' });
  t.after(() => relay.dispose());
  const r = await relayUnderTest(relay, {
    smartHostPort: await freePort(), retryIntervalsMinutes: [0.02],
    server: { local_domains: ['local.test'], drop_directory: join(drop.dir, 'drop') },
  });
  const pid = r.relay.pid;
  const local = (id: string) => submit(r.smtpPort, SENDER, ['box@local.test'], id, 16 * 1024);
  assert.match((await local('drop-ok@client.test')).line, /^250 /);

  drop.fill();
  for (let i = 0; i < 5; i++) assert.match((await local(`drop-full-${i}@client.test`)).line, FULL, `message ${i} while full`);
  drop.free();
  const afterFull = await local('drop-freed@client.test');
  assert.match(afterFull.line, /^250 /);

  drop.remount('ro');
  for (let i = 0; i < 5; i++) assert.match((await local(`drop-ro-${i}@client.test`)).line, FAILED, `message ${i} while read-only`);
  drop.remount('rw');
  const afterRo = await local('drop-rw@client.test');
  assert.match(afterRo.line, /^250 /);
  for (const reply of [afterFull, afterRo]) {
    const id = /queued as (\S+)/.exec(reply.line)![1];
    assert.ok(existsSync(join(drop.dir, 'drop', `${id}.eml`)), `${id}.eml written`);
  }
  assert.equal(r.relay.pid, pid, 'the same relay process throughout');
});
