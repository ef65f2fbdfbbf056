// Runs the real delivery worker on a real SQLite queue in a temp dir; every test gets its own and stops it after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { ConfigReader } from '../../../relay-service/src/config/config-reader.ts';
import { startDeliveryWorker } from '../../../relay-service/src/delivery/delivery-worker.ts';
import { cacheSnapshots } from '../../../relay-service/src/config/snapshot-cache.ts';
import type { DaneResolver } from '../../../relay-service/src/delivery/dane-resolver.ts';
import type { MxResolver } from '../../../relay-service/src/delivery/mx-resolver.ts';
import type { MtaStsResolver } from '../../../relay-service/src/delivery/mta-sts.ts';
import { createLogger, type Logger } from '../../../relay-service/src/logger.ts';
import { SqliteQueueStore } from '../../../relay-service/src/store/sqlite/queue-store.ts';
import type { NewMessage, QueuedMessage } from '../../../relay-service/src/store/queue-store.ts';

/** A small RFC 5322 message with CRLF line ends and the given Message-ID. */
export function testMessage(from: string, to: string[], messageId: string, subject = 'test'): Buffer {
  return Buffer.from([`From: <${from}>`, `To: ${to.map((a) => `<${a}>`).join(', ')}`, `Subject: ${subject}`,
    `Message-ID: <${messageId}>`, 'Date: Sun, 29 Nov 2026 05:00:00 +0000', '', 'Hello.', ''].join('\r\n'));
}

export interface Harness {
  queue: SqliteQueueStore;
  /** Queues a message the way the SMTP side does (enqueue, then wake) and returns its queue id; `params` = MAIL FROM's SMTPUTF8 and BODY. */
  submit(virtualServerId: string, sender: string, recipients: string[], data: Buffer, params?: Pick<NewMessage, 'smtputf8' | 'body'>): Promise<string>;
  /** Polls until `check` returns a value (not undefined) or fails after `timeoutMs`. */
  until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs?: number): Promise<T>;
  /** Resolves with the message once it is deferred with `attempts` attempts (its last_error set). */
  deferred(id: string, attempts?: number, timeoutMs?: number): Promise<QueuedMessage>;
  /** Resolves once the message left the queue (every recipient delivered or failed). */
  gone(id: string, timeoutMs?: number): Promise<void>;
}

/**
 * Starts a worker on a fresh queue; `logger` defaults to a silent one (DELIVERY_TEST_LOG=info shows the logs);
 * `policies.dane` resolves tls_policy dane routes, `policies.mtaSts` is MTA-STS discovery on the same fake DNS as
 * `resolver` with the test's policy host port.
 */
export function startHarness(t: TestContext, config: ConfigReader, resolver?: MxResolver, logger?: Logger,
  policies: { dane?: DaneResolver; mtaSts?: MtaStsResolver } = {}): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'relay-delivery-'));
  const queue = SqliteQueueStore.open(join(dir, 'queue.sqlite'));
  const snapshots = cacheSnapshots(config, config);
  const worker = startDeliveryWorker({
    queue, snapshots, logger: logger ?? createLogger(process.env.DELIVERY_TEST_LOG ?? 'silent'), nodeId: 'node-test', resolver, ...policies,
  });
  t.after(async () => {
    await worker.stop();
    snapshots.close();
    await queue.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const until = async <T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    queue,
    async submit(virtualServerId, sender, recipients, data, params = {}) {
      return worker.enqueue({ virtual_server_id: virtualServerId, sender, recipients, client_ip: '127.0.0.1', authenticated_as: null, ...params }, data);
    },
    until,
    deferred: (id, attempts = 1, timeoutMs) => until(`message ${id} deferred ${attempts}x`, async () => {
      const m = await queue.get(id);
      return m && m.attempts >= attempts && m.state === 'deferred' ? m : undefined;
    }, timeoutMs),
    gone: (id, timeoutMs) => until(`message ${id} to leave the queue`, async () => ((await queue.get(id)) ? undefined : true), timeoutMs).then(() => undefined),
  };
}
