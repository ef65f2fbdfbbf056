// The QueueStore conformance suite: every store engine (SQLite, PostgreSQL) runs these same cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import type { NewMessage, QueuedMessage, QueueStore } from './queue-store.ts';

/** What an engine's test supplies to the suite. */
export interface QueueStoreHarness {
  /** Opens a store on fresh, empty storage. */
  open(): Promise<QueueStore>;
  /** Opens the storage the last open() created again, as a restarted relay would. */
  reopen(): Promise<QueueStore>;
  /**
   * Starts a child process that opens the last storage, enqueues `crashTestMessage` with
   * `crashTestData`, prints `{"id": "..."}` on one stdout line once enqueue resolved, and
   * then waits to be killed.
   */
  spawnEnqueuer(): ChildProcess;
  /** Enqueue transactions the store committed so far, for engines that can count them. */
  commits?(store: QueueStore): number;
}

/** The envelope the crash child enqueues. */
export const crashTestMessage: NewMessage = {
  virtual_server_id: 'vs-crash', sender: 'crash@sender.test', recipients: ['r@far.test'], client_ip: '127.0.0.1', authenticated_as: null,
};
/** The data the crash child enqueues. */
export const crashTestData = Buffer.from('Subject: durable\r\n\r\nsurvives kill -9\r\n');

const envelope = (over: Partial<NewMessage> = {}): NewMessage => ({
  virtual_server_id: 'vs-a', sender: 'from@sender.test', recipients: ['one@far.test', 'two@far.test'],
  client_ip: '127.0.0.2', authenticated_as: 'CORP\\alice', ...over,
});

/** Registers the suite's tests under `name`; each test opens its own store and closes it. */
export function queueStoreConformance(name: string, harness: QueueStoreHarness): void {
  const withStore = (title: string, body: (store: QueueStore) => Promise<void>) =>
    test(`${name}: ${title}`, async () => {
      const store = await harness.open();
      try { await body(store); } finally { await store.close(); }
    });

  withStore('enqueue stores the envelope and data; a new message is fresh and due now', async (store) => {
    const before = Date.now();
    const id = await store.enqueue(envelope(), Buffer.from('hello'));
    const message = await store.get(id);
    assert.ok(message);
    assert.equal(message.state, 'fresh');
    assert.equal(message.size, 5);
    assert.equal(message.attempts, 0);
    assert.equal(message.authenticated_as, 'CORP\\alice');
    assert.deepEqual(message.recipients.map((r) => [r.address, r.status, r.last_error]),
      [['one@far.test', 'pending', null], ['two@far.test', 'pending', null]]);
    assert.ok(message.next_attempt_at.getTime() >= before && message.next_attempt_at.getTime() <= Date.now());
    assert.deepEqual(await store.readData(id), Buffer.from('hello'));
    assert.equal(await store.get('missing'), null);
    await assert.rejects(store.readData('missing'));
  });

  withStore('an enqueue given the id the client was told stores the message under it, claimed or not', async (store) => {
    assert.equal(await store.enqueue(envelope({ id: 'told-1' }), Buffer.from('a')), 'told-1');
    assert.equal((await store.get('told-1'))?.sender, 'from@sender.test');
    assert.equal((await store.enqueueClaimed(envelope({ id: 'told-2' }), Buffer.from('b'), 'node-a', 60_000)).id, 'told-2');
    assert.deepEqual(await store.readData('told-2'), Buffer.from('b'));
  });

  withStore('claimDue leases fresh mail before deferred, honours due times, limits and live leases', async (store) => {
    const deferred = await store.enqueue(envelope(), Buffer.from('d'));
    await store.recordAttempt(deferred, { recipients: (await store.get(deferred))!.recipients, next_attempt_at: new Date(Date.now() - 1000), last_error: '451 later' });
    const later = await store.enqueue(envelope(), Buffer.from('l'));
    await store.recordAttempt(later, { recipients: (await store.get(later))!.recipients, next_attempt_at: new Date(Date.now() + 3_600_000), last_error: null });
    const fresh = await store.enqueue(envelope(), Buffer.from('f'));
    const now = new Date(Date.now() + 10);
    const first = await store.claimDue('node-a', now, 1, 60_000);
    assert.deepEqual(first.map((m) => m.id), [fresh]);
    const second = await store.claimDue('node-b', now, 10, 60_000);
    assert.deepEqual(second.map((m) => m.id), [deferred]);
    assert.deepEqual(await store.claimDue('node-b', now, 10, 60_000), []);
    // node-a's lease has run out at this later instant, so node-b may take the message over.
    const afterLease = await store.claimDue('node-b', new Date(now.getTime() + 61_000), 10, 60_000);
    assert.deepEqual(afterLease.map((m) => m.id).sort(), [deferred, fresh].sort());
  });

  withStore('enqueueClaimed stores the message held by its owner: returned as stored, not claimable until released or expired', async (store) => {
    const claimed = await store.enqueueClaimed(envelope(), Buffer.from('mine'), 'node-a', 60_000);
    const other = await store.enqueue(envelope(), Buffer.from('free'));
    assert.deepEqual(await store.get(claimed.id), claimed);
    assert.deepEqual(await store.readData(claimed.id), Buffer.from('mine'));
    const now = new Date(Date.now() + 10);
    assert.deepEqual((await store.claimDue('node-b', now, 10, 60_000)).map((m) => m.id), [other]);
    assert.deepEqual(await store.claimDue('node-b', now, 10, 60_000), []);
    assert.deepEqual((await store.claimDue('node-b', new Date(now.getTime() + 61_000), 10, 60_000)).map((m) => m.id).sort(), [claimed.id, other].sort());
    const again = await store.enqueueClaimed(envelope(), Buffer.from('mine too'), 'node-a', 600_000);
    assert.equal(await store.releaseLeases('node-a'), 1);
    assert.deepEqual((await store.claimDue('node-c', new Date(), 10, 60_000)).map((m) => m.id), [again.id]);
  });

  withStore('MAIL FROM\'s SMTPUTF8 and BODY are stored with the message, through claims, deferrals and listings', async (store) => {
    const plain = await store.enqueue(envelope(), Buffer.from('7-bit'));
    const utf8 = await store.enqueue(envelope({ sender: 'jörg@xn--mnchen-3ya.de', recipients: ['δοκιμή@far.test'], smtputf8: true, body: '8BITMIME' }), Buffer.from('Grüße'));
    const claimed = await store.enqueueClaimed(envelope({ body: '7BIT' }), Buffer.from('x'), 'node-a', 60_000);
    const facts = (m: QueuedMessage | null | undefined) => [m?.smtputf8, m?.body];
    assert.deepEqual(facts(await store.get(plain)), [false, null], 'omitted: no SMTPUTF8, no BODY');
    assert.deepEqual(facts(await store.get(utf8)), [true, '8BITMIME']);
    assert.deepEqual([(await store.get(utf8))?.sender, (await store.get(utf8))?.recipients[0].address], ['jörg@xn--mnchen-3ya.de', 'δοκιμή@far.test']);
    assert.deepEqual(facts(claimed), [false, '7BIT']);
    assert.deepEqual(facts(await store.get(claimed.id)), [false, '7BIT']);
    const due = await store.claimDue('node-b', new Date(Date.now() + 10), 10, 60_000);
    assert.deepEqual(facts(due.find((m) => m.id === utf8)), [true, '8BITMIME']);
    await store.recordAttempt(utf8, { recipients: (await store.get(utf8))!.recipients, next_attempt_at: new Date(), last_error: '451 later' });
    assert.deepEqual(facts((await store.list({ state: 'deferred', limit: 10, offset: 0 }))[0]), [true, '8BITMIME']);
  });

  withStore('renewLeases keeps a claim alive for its owner only', async (store) => {
    const id = await store.enqueue(envelope(), Buffer.from('x'));
    await store.claimDue('node-a', new Date(), 10, 50);
    await store.renewLeases('node-b', [id], 600_000);
    await store.renewLeases('node-a', [id], 600_000);
    assert.deepEqual(await store.claimDue('node-b', new Date(Date.now() + 1000), 10, 50), []);
  });

  withStore('releaseLeases frees one owner\'s claims at once, and only that owner\'s', async (store) => {
    const [a, b] = [await store.enqueue(envelope(), Buffer.from('a')), await store.enqueue(envelope(), Buffer.from('b'))];
    await store.claimDue('node-a', new Date(), 1, 600_000);
    await store.claimDue('node-b', new Date(), 1, 600_000);
    assert.equal(await store.releaseLeases('node-a'), 1);
    assert.deepEqual((await store.claimDue('node-a', new Date(), 10, 600_000)).map((m) => m.id), [a]);
    assert.notEqual(a, b);
  });

  withStore('recordAttempt defers while a recipient is pending and removes the message when none is', async (store) => {
    const id = await store.enqueue(envelope(), Buffer.from('x'));
    await store.claimDue('node-a', new Date(), 10, 60_000);
    const next = new Date(Date.now() + 900_000);
    await store.recordAttempt(id, {
      recipients: [{ address: 'one@far.test', status: 'delivered', last_error: null }, { address: 'two@far.test', status: 'pending', last_error: '451 4.4.1 try later' }],
      next_attempt_at: next, last_error: '451 4.4.1 try later', delay_notified: true,
    });
    const deferred = await store.get(id);
    assert.ok(deferred);
    assert.deepEqual([deferred.state, deferred.attempts, deferred.last_error, deferred.delay_notified], ['deferred', 1, '451 4.4.1 try later', true]);
    assert.equal(deferred.next_attempt_at.getTime(), next.getTime());
    assert.deepEqual(await store.claimDue('node-b', new Date(next.getTime() + 1), 10, 60_000).then((m) => m.map((x) => x.id)), [id]);
    await store.recordAttempt(id, { recipients: deferred.recipients.map((r) => ({ ...r, status: 'failed' as const })), next_attempt_at: next, last_error: '550 no' });
    assert.equal(await store.get(id), null);
    await assert.rejects(store.readData(id));
  });

  withStore('list filters by virtual server and state and pages; count splits fresh from deferred', async (store) => {
    const a1 = await store.enqueue(envelope(), Buffer.from('1'));
    const a2 = await store.enqueue(envelope(), Buffer.from('2'));
    const b1 = await store.enqueue(envelope({ virtual_server_id: 'vs-b' }), Buffer.from('3'));
    await store.recordAttempt(a2, { recipients: (await store.get(a2))!.recipients, next_attempt_at: new Date(), last_error: 'x' });
    assert.deepEqual((await store.list({ virtual_server_id: 'vs-a', limit: 10, offset: 0 })).map((m) => m.id).sort(), [a1, a2].sort());
    assert.deepEqual((await store.list({ state: 'deferred', limit: 10, offset: 0 })).map((m) => m.id), [a2]);
    assert.equal((await store.list({ limit: 2, offset: 0 })).length, 2);
    assert.equal((await store.list({ limit: 2, offset: 2 })).length, 1);
    assert.ok((await store.list({ limit: 10, offset: 0 })).some((m) => m.id === b1));
    assert.deepEqual(await store.count(), { fresh: 2, deferred: 1 });
  });

  withStore('a recipient domain filter takes messages with a recipient still pending there, in list, count and bulk pages', async (store) => {
    const far = await store.enqueue(envelope({ recipients: ['a@Far.test', 'b@near.test'] }), Buffer.from('1'));
    const near = await store.enqueue(envelope({ recipients: ['c@near.test'] }), Buffer.from('2'));
    const suffix = await store.enqueue(envelope({ recipients: ['d@notfar.test'] }), Buffer.from('3'));
    await store.recordAttempt(near, { recipients: [{ address: 'c@near.test', status: 'pending', last_error: 'x' }], next_attempt_at: new Date(Date.now() + 3_600_000), last_error: 'x' });
    await store.recordAttempt(far, {
      recipients: [{ address: 'a@Far.test', status: 'pending', last_error: 'x' }, { address: 'b@near.test', status: 'delivered', last_error: null }],
      next_attempt_at: new Date(Date.now() + 3_600_000), last_error: 'x',
    });
    const ids = async (filter: Parameters<QueueStore['list']>[0]) => (await store.list(filter)).map((m) => m.id).sort();
    assert.deepEqual(await ids({ recipient_domain: 'far.test', limit: 10, offset: 0 }), [far], 'case-insensitive, not a suffix match');
    assert.deepEqual(await ids({ recipient_domain: 'near.test', limit: 10, offset: 0 }), [near], 'a delivered recipient does not count');
    assert.deepEqual(await ids({ recipient_domain: 'notfar.test', state: 'fresh', limit: 10, offset: 0 }), [suffix]);
    assert.deepEqual(await store.count({ recipient_domain: 'near.test' }), { fresh: 0, deferred: 1 });
    assert.deepEqual(await store.count({ state: 'deferred', virtual_server_id: 'vs-none' }), { fresh: 0, deferred: 0 });
    assert.deepEqual(await store.retryMatching({ recipient_domain: 'far.test' }, { after: null, limit: 10 }), { affected: 1, next_after: null });
    assert.ok((await store.get(far))!.next_attempt_at.getTime() <= Date.now());
    assert.ok((await store.get(near))!.next_attempt_at.getTime() > Date.now(), 'outside the filter: untouched');
  });

  withStore('bulk retry and remove go page by page in id order, each page telling where the next starts', async (store) => {
    const later = new Date(Date.now() + 3_600_000);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const id = await store.enqueue(envelope(), Buffer.from(String(i)));
      await store.recordAttempt(id, { recipients: (await store.get(id))!.recipients, next_attempt_at: later, last_error: 'x' });
      ids.push(id);
    }
    const fresh = await store.enqueue(envelope(), Buffer.from('fresh'));
    const sorted = [...ids].sort();
    const first = await store.retryMatching({ state: 'deferred' }, { after: null, limit: 2 });
    assert.deepEqual(first, { affected: 2, next_after: sorted[1] });
    const due = async () => (await Promise.all(ids.map((id) => store.get(id)))).filter((m) => m!.next_attempt_at.getTime() <= Date.now()).map((m) => m!.id).sort();
    assert.deepEqual(await due(), sorted.slice(0, 2));
    const second = await store.retryMatching({ state: 'deferred' }, { after: first.next_after, limit: 2 });
    const third = await store.retryMatching({ state: 'deferred' }, { after: second.next_after, limit: 2 });
    assert.deepEqual([second.affected, third], [2, { affected: 1, next_after: null }]);
    assert.deepEqual(await due(), sorted);

    assert.deepEqual(await store.retryMatching({ state: 'deferred' }, { after: null, limit: 5 }), { affected: 5, next_after: null },
      'a page that takes the last message says so, though it is full');
    const removed = await store.removeMatching({ state: 'deferred' }, { after: null, limit: 3 });
    assert.deepEqual(removed, { affected: 3, next_after: sorted[2] });
    assert.deepEqual(await store.removeMatching({ state: 'deferred' }, { after: removed.next_after, limit: 3 }), { affected: 2, next_after: null });
    assert.deepEqual(await store.count(), { fresh: 1, deferred: 0 });
    assert.ok(await store.get(fresh));
    await assert.rejects(store.readData(ids[0]), 'the data goes with the message');
  });

  withStore('retryNow makes a message due; remove deletes it; both report unknown ids', async (store) => {
    const id = await store.enqueue(envelope(), Buffer.from('x'));
    await store.recordAttempt(id, { recipients: (await store.get(id))!.recipients, next_attempt_at: new Date(Date.now() + 3_600_000), last_error: 'x' });
    assert.deepEqual(await store.claimDue('n', new Date(), 10, 1000), []);
    assert.equal(await store.retryNow(id), true);
    assert.deepEqual((await store.claimDue('n', new Date(Date.now() + 5), 10, 1000)).map((m) => m.id), [id]);
    assert.equal(await store.remove(id), true);
    assert.equal(await store.remove(id), false);
    assert.equal(await store.retryNow(id), false);
  });

  withStore('deadLetter moves a message with its data out of the queue, once; listed, read, removed and swept by expiry', async (store) => {
    const data = Buffer.from('Subject: bounce\r\n\r\n\u00ff binary \u0000 kept\r\n', 'latin1');
    const id = await store.enqueue(envelope({ sender: '', virtual_server_id: 'vs-dead' }), data);
    const other = await store.enqueue(envelope(), Buffer.from('stays'));
    await store.claimDue('node-a', new Date(), 10, 60_000);
    const deadAt = new Date(Date.now() + 5);
    const verdict = {
      recipients: [{ address: 'one@far.test', status: 'failed' as const, last_error: '550 5.1.1 no such user' }, { address: 'two@far.test', status: 'delivered' as const, last_error: null }],
      reason: 'one@far.test: 550 5.1.1 no such user', reason_class: 'null_sender_failed' as const, dead_at: deadAt, expires_at: new Date(deadAt.getTime() + 60_000),
    };
    assert.equal(await store.deadLetter(id, verdict), true);
    assert.equal(await store.get(id), null, 'no longer queued');
    await assert.rejects(store.readData(id));
    assert.equal(await store.deadLetter(id, verdict), false, 'a message no longer queued is not stored twice');
    const dead = await store.getDeadLetter(id);
    assert.ok(dead);
    assert.deepEqual({ ...dead, received_at: undefined }, {
      id, virtual_server_id: 'vs-dead', sender: '', recipients: verdict.recipients, size: data.length, client_ip: '127.0.0.2', authenticated_as: 'CORP\\alice',
      reason: verdict.reason, reason_class: 'null_sender_failed', received_at: undefined, dead_at: deadAt, expires_at: verdict.expires_at,
    });
    assert.ok(dead.received_at.getTime() <= deadAt.getTime());
    assert.ok((await store.readDeadLetterData(id)).equals(data), 'the raw message byte for byte');
    assert.deepEqual(await store.count(), { fresh: 1, deferred: 0 });
    assert.deepEqual((await store.claimDue('node-b', new Date(Date.now() + 61_000), 10, 60_000)).map((m) => m.id), [other], 'never claimed again');

    const later = await store.enqueue(envelope({ sender: '' }), Buffer.from('later'));
    assert.equal(await store.deadLetter(later, { ...verdict, reason_class: 'null_sender_expired', dead_at: new Date(deadAt.getTime() + 10), expires_at: new Date(deadAt.getTime() + 3_600_000) }), true);
    assert.deepEqual((await store.listDeadLetters({ limit: 10, offset: 0 })).map((d) => d.id), [id, later]);
    assert.deepEqual((await store.listDeadLetters({ virtual_server_id: 'vs-dead', limit: 10, offset: 0 })).map((d) => d.id), [id]);
    assert.deepEqual((await store.listDeadLetters({ limit: 1, offset: 1 })).map((d) => d.id), [later]);
    assert.equal(await store.sweepDeadLetters(new Date(deadAt.getTime() + 59_999)), 0);
    assert.equal(await store.sweepDeadLetters(new Date(deadAt.getTime() + 60_000)), 1);
    assert.equal(await store.getDeadLetter(id), null, 'expired and swept');
    await assert.rejects(store.readDeadLetterData(id));
    assert.equal(await store.sweepDeadLetters(new Date(deadAt.getTime() + 60_000)), 0, 'a second sweeper finds nothing left');
    assert.equal(await store.removeDeadLetter(later), true);
    assert.equal(await store.removeDeadLetter(later), false);
    assert.deepEqual(await store.listDeadLetters({ limit: 10, offset: 0 }), []);
  });

  withStore('a dead-letter notice is marked through enqueue and claim; a removed message is not dead-lettered', async (store) => {
    const notice = await store.enqueue(envelope({ sender: '', dead_letter_notice: true }), Buffer.from('notice'));
    const plain = await store.enqueueClaimed(envelope(), Buffer.from('mail'), 'node-a', 60_000);
    assert.equal(plain.dead_letter_notice, false);
    assert.equal((await store.get(notice))?.dead_letter_notice, true);
    assert.deepEqual((await store.claimDue('node-b', new Date(), 10, 60_000)).map((m) => [m.id, m.dead_letter_notice]), [[notice, true]]);
    assert.equal(await store.remove(plain.id), true);
    const verdict = { recipients: plain.recipients, reason: 'x', reason_class: 'unreadable' as const, dead_at: new Date(), expires_at: new Date(Date.now() + 1000) };
    assert.equal(await store.deadLetter(plain.id, verdict), false);
    assert.equal(await store.getDeadLetter(plain.id), null);
  });

  test(`${name}: concurrent enqueues are group-committed: all resolve, fewer transactions than messages`, async (t) => {
    const store = await harness.open();
    t.after(() => store.close());
    const n = 200;
    const before = harness.commits?.(store) ?? 0;
    const ids = await Promise.all(Array.from({ length: n }, (_, i) => store.enqueue(envelope(), Buffer.from(`m${i}`))));
    assert.equal(new Set(ids).size, n);
    assert.deepEqual(await store.readData(ids[n - 1]), Buffer.from(`m${n - 1}`));
    assert.equal((await store.count()).fresh, n);
    if (harness.commits) {
      const transactions = harness.commits(store) - before;
      t.diagnostic(`${n} concurrent enqueues committed in ${transactions} transaction(s)`);
      assert.ok(transactions >= 1 && transactions < n / 10, `${n} enqueues took ${transactions} transactions`);
    }
  });

  test(`${name}: an acknowledged enqueue survives kill -9 of the process that made it, and a reopen`, async (t) => {
    (await harness.open()).close();
    const child = harness.spawnEnqueuer();
    t.after(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
    const id = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`child printed no id: ${out}`)), 15_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) { clearTimeout(timer); resolve((JSON.parse(line) as { id: string }).id); }
      });
      child.once('exit', (code) => reject(new Error(`child exited early with ${code}: ${out}`)));
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    assert.equal(child.kill('SIGKILL'), true);
    await exited;
    const store = await harness.reopen();
    try {
      const message = await store.get(id);
      assert.ok(message, 'the message acknowledged before kill -9 is in the queue');
      assert.deepEqual(message.recipients.map((r) => r.address), crashTestMessage.recipients);
      assert.deepEqual(await store.readData(id), crashTestData);
    } finally {
      await store.close();
    }
  });
}
