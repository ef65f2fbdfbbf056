// The claim loop against a real SQLite queue: bounded window, wake-ups, due-time sleeps, lease renewal.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../logger.ts';
import { SqliteQueueStore } from '../store/sqlite/queue-store.ts';
import type { QueuedMessage } from '../store/queue-store.ts';
import { startScheduler, type SchedulerOptions } from './scheduler.ts';

function openQueue(t: TestContext): SqliteQueueStore {
  const dir = mkdtempSync(join(tmpdir(), 'relay-scheduler-'));
  const queue = SqliteQueueStore.open(join(dir, 'queue.sqlite'));
  t.after(async () => {
    await queue.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return queue;
}

const enqueue = (queue: SqliteQueueStore, n: number) => Promise.all(Array.from({ length: n }, (_, i) =>
  queue.enqueue({ virtual_server_id: 'vs', sender: 'a@b.test', recipients: [`r${i}@c.test`], client_ip: '127.0.0.1', authenticated_as: null }, Buffer.from('x'))));

function run(t: TestContext, queue: SqliteQueueStore, options: Partial<SchedulerOptions> & Pick<SchedulerOptions, 'handle'>) {
  const scheduler = startScheduler({
    queue, owner: 'node-a', logger: createLogger('silent'), now: () => new Date(), window: 10, leaseMs: 60_000, idlePollMs: 10_000,
    onError: async () => undefined, ...options,
  });
  t.after(() => scheduler.stop());
  return scheduler;
}

/** Blocks a delivery until released, but never longer than 2 s, so a failed assertion cannot hang the test's teardown. */
const held = (expose: (release: () => void) => void) => new Promise<void>((resolve) => {
  expose(resolve);
  setTimeout(resolve, 2_000);
});

const delivered = (queue: SqliteQueueStore, m: QueuedMessage) =>
  queue.recordAttempt(m.id, { recipients: m.recipients.map((r) => ({ ...r, status: 'delivered' })), next_attempt_at: new Date(), last_error: null });

test('never holds more than `window` messages at once, and drains a backlog through that window', async (t) => {
  const queue = openQueue(t);
  await enqueue(queue, 40);
  let holding = 0;
  let most = 0;
  let done = 0;
  run(t, queue, {
    window: 4,
    async handle(m) {
      most = Math.max(most, ++holding);
      await new Promise((r) => setTimeout(r, 5));
      await delivered(queue, m);
      holding--;
      done++;
      return null;
    },
  });
  for (let i = 0; i < 200 && done < 40; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(done, 40);
  assert.equal(most, 4);
  assert.deepEqual(await queue.count(), { fresh: 0, deferred: 0 });
});

test('wake() claims fresh mail at once, without waiting for the idle poll', async (t) => {
  const queue = openQueue(t);
  const seen: number[] = [];
  const scheduler = run(t, queue, { async handle(m) { seen.push(Date.now()); await delivered(queue, m); return null; } });
  await new Promise((r) => setTimeout(r, 30));
  const queuedAt = Date.now();
  await enqueue(queue, 1);
  scheduler.wake();
  for (let i = 0; i < 100 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
  assert.equal(seen.length, 1);
  assert.ok(seen[0] - queuedAt < 200, `claimed ${seen[0] - queuedAt} ms after enqueue; the idle poll is 10 s`);
});

test('sleeps until the next known due time, then retries on time', async (t) => {
  const queue = openQueue(t);
  await enqueue(queue, 1);
  const attempts: number[] = [];
  run(t, queue, {
    async handle(m) {
      attempts.push(Date.now());
      if (attempts.length === 1) {
        const next = new Date(Date.now() + 150);
        await queue.recordAttempt(m.id, { recipients: m.recipients, next_attempt_at: next, last_error: 'busy' });
        return next;
      }
      await delivered(queue, m);
      return null;
    },
  });
  for (let i = 0; i < 100 && attempts.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(attempts.length, 2);
  const gap = attempts[1] - attempts[0];
  assert.ok(gap >= 145 && gap < 400, `retried after ${gap} ms, due after 150 ms`);
});

test('renews the leases of messages in delivery, so another node cannot claim them', async (t) => {
  const queue = openQueue(t);
  await enqueue(queue, 1);
  let release: () => void = () => undefined;
  let claimed: QueuedMessage | null = null;
  run(t, queue, {
    // Long enough that a loaded CI machine's event-loop stalls do not outlast it between two renewals.
    leaseMs: 600,
    async handle(m) {
      claimed = m;
      await held((r) => { release = r; });
      await delivered(queue, m);
      return null;
    },
  });
  for (let i = 0; i < 100 && !claimed; i++) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 1_800));
  assert.deepEqual(await queue.claimDue('node-b', new Date(), 10, 1_000), [], 'lease still held after 3x its length');
  release();
});

test('a full window does not spin while a known due time passes; it waits for a free slot', async (t) => {
  const queue = openQueue(t);
  const [first] = await enqueue(queue, 1);
  let wakeUps = 0;
  let release: () => void = () => undefined;
  const scheduler = run(t, queue, {
    window: 1,
    now: () => { wakeUps++; return new Date(); },
    async handle(m) {
      if (m.id === first && m.attempts === 0) {
        const next = new Date(Date.now() + 30);
        await queue.recordAttempt(m.id, { recipients: m.recipients, next_attempt_at: next, last_error: 'busy' });
        return next;
      }
      if (m.id !== first) await held((r) => { release = r; });
      await delivered(queue, m);
      return null;
    },
  });
  await new Promise((r) => setTimeout(r, 10));
  await enqueue(queue, 1);
  scheduler.wake();
  await new Promise((r) => setTimeout(r, 50));
  const before = wakeUps;
  await new Promise((r) => setTimeout(r, 250));
  assert.ok(wakeUps - before < 10, `${wakeUps - before} scheduler wake-ups while the window was full`);
  release();
  for (let i = 0; i < 100 && (await queue.count()).deferred + (await queue.count()).fresh > 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(await queue.count(), { fresh: 0, deferred: 0 });
});

const message = (n: number) => ({ virtual_server_id: 'vs', sender: 'a@b.test', recipients: [`m${n}@c.test`], client_ip: '127.0.0.1', authenticated_as: null });

test('messages enqueued claimed are delivered from memory and share the window with claimed ones', async (t) => {
  const queue = openQueue(t);
  const releases: Array<() => void> = [];
  const handled: Array<{ id: string; data: string | null }> = [];
  const scheduler = run(t, queue, {
    window: 2,
    async handle(m, data) {
      handled.push({ id: m.id, data: data ? data.toString() : null });
      await held((r) => releases.push(r));
      await delivered(queue, m);
      return null;
    },
  });
  assert.equal(scheduler.reserve(), true);
  const adopted = await queue.enqueueClaimed(message(1), Buffer.from('from memory'), 'node-a', 60_000);
  scheduler.adopt(adopted, Buffer.from('from memory'));
  const [waiting] = await enqueue(queue, 1);
  scheduler.wake();
  for (let i = 0; i < 100 && handled.length < 2; i++) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(handled, [{ id: adopted.id, data: 'from memory' }, { id: waiting, data: null }]);
  assert.equal(scheduler.reserve(), false, 'the window of 2 is full');
  releases.shift()?.();
  for (let i = 0; i < 100 && !scheduler.reserve(); i++) await new Promise((r) => setTimeout(r, 5));
  scheduler.unreserve();
  releases.shift()?.();
  for (let i = 0; i < 100 && (await queue.count()).fresh > 0; i++) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(await queue.count(), { fresh: 0, deferred: 0 });
});

test('stop() waits for an enqueue in flight to hand its message over and for that delivery', async (t) => {
  const queue = openQueue(t);
  let deliveredIds: string[] = [];
  const scheduler = run(t, queue, {
    async handle(m) {
      await new Promise((r) => setTimeout(r, 30));
      await delivered(queue, m);
      deliveredIds = [...deliveredIds, m.id];
      return null;
    },
  });
  assert.equal(scheduler.reserve(), true);
  let stopped = false;
  const stopping = scheduler.stop().then(() => { stopped = true; });
  assert.equal(scheduler.reserve(), false, 'no new places once stopping');
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(stopped, false);
  const adopted = await queue.enqueueClaimed(message(2), Buffer.from('late'), 'node-a', 60_000);
  scheduler.adopt(adopted, Buffer.from('late'));
  await stopping;
  assert.deepEqual(deliveredIds, [adopted.id]);
});

test('delivering counts the messages in delivery: an adopted one from the next turn until it is handled', async (t) => {
  const queue = openQueue(t);
  let release: (() => void) | null = null;
  const scheduler = run(t, queue, {
    async handle(m) {
      await held((r) => { release = r; });
      await delivered(queue, m);
      return null;
    },
  });
  assert.equal(scheduler.delivering, 0);
  assert.equal(scheduler.reserve(), true);
  scheduler.adopt(await queue.enqueueClaimed(message(3), Buffer.from('x'), 'node-a', 60_000), Buffer.from('x'));
  assert.equal(scheduler.delivering, 1, 'adopted: in delivery although its handler starts on the next turn');
  for (let i = 0; i < 100 && !release; i++) await new Promise((r) => setTimeout(r, 5));
  assert.equal(scheduler.delivering, 1, 'still in delivery while its handler runs');
  (release as (() => void) | null)?.();
  for (let i = 0; i < 100 && scheduler.delivering > 0; i++) await new Promise((r) => setTimeout(r, 5));
  assert.equal(scheduler.delivering, 0);
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Counts the scheduler's claims of `queue`. */
function countClaims(queue: SqliteQueueStore): { readonly n: number } {
  const counter = { n: 0 };
  const claimDue = queue.claimDue.bind(queue);
  queue.claimDue = (...args) => {
    counter.n++;
    return claimDue(...args);
  };
  return counter;
}

test('finished deliveries alone do not ask the store: 200 messages enqueued claimed go through without a claim', async (t) => {
  const queue = openQueue(t);
  const claims = countClaims(queue);
  let done = 0;
  const scheduler = run(t, queue, {
    window: 10,
    async handle(m) {
      await pause(1);
      await delivered(queue, m);
      done++;
      return null;
    },
  });
  await pause(30);
  const before = claims.n;
  for (let i = 0; i < 200; i++) {
    while (!scheduler.reserve()) await pause(1);
    scheduler.adopt(await queue.enqueueClaimed(message(100 + i), Buffer.from('x'), 'node-a', 60_000), Buffer.from('x'));
  }
  for (let i = 0; i < 400 && done < 200; i++) await pause(5);
  assert.equal(done, 200);
  assert.equal(claims.n - before, 0, 'each claim reads past every message in delivery; nothing waits in the store here');
});

test('mail queued without a wake-up (another node, "retry now") is claimed within the idle poll while deliveries keep finishing', async (t) => {
  const queue = openQueue(t);
  const handled = new Set<string>();
  const scheduler = run(t, queue, {
    window: 4,
    idlePollMs: 200,
    async handle(m) {
      handled.add(m.id);
      await pause(2);
      await delivered(queue, m);
      return null;
    },
  });
  let feeding = true;
  const feeder = (async () => {
    for (let i = 0; feeding; i++) {
      if (scheduler.reserve()) scheduler.adopt(await queue.enqueueClaimed(message(1000 + i), Buffer.from('x'), 'node-a', 60_000), Buffer.from('x'));
      else await pause(1);
    }
  })();
  await pause(50);
  const [elsewhere] = await enqueue(queue, 1);
  const queuedAt = Date.now();
  for (let i = 0; i < 400 && !handled.has(elsewhere); i++) await pause(5);
  const waited = Date.now() - queuedAt;
  feeding = false;
  await feeder;
  assert.ok(handled.has(elsewhere), 'claimed while the window kept turning over');
  assert.ok(waited < 700, `claimed ${waited} ms after it was queued; the idle poll is 200 ms`);
});
