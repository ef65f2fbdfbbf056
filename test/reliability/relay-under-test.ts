// One virtual server on a started relay (a child process: startTestRelay) that relays everything from loopback to a smart host on loopback.
//
//   const relay = await startTestRelay({ mode: 'child-process' });
//   t.after(() => relay.dispose());
//   const r = await relayUnderTest(relay, { smartHostPort: sink.port, retryIntervalsMinutes: [0.01] });
import { freePort } from '../support/free-port.ts';
import type { TestRelay } from '../support/test-relay.ts';
import { waitForListener } from '../data-plane/wait-for-listener.ts';

/** A relay, its virtual server and the queue as the API shows it. */
export interface RelayUnderTest {
  relay: TestRelay;
  serverId: string;
  /** The virtual server's SMTP port (the same across restarts: it comes from the stored config). */
  smtpPort: number;
  /** Every message still in the queue (GET /v1/queue, all pages). */
  queue(): Promise<Array<{ id: string; state: string; attempts: number; last_error: string | null; next_attempt_at: string }>>;
  /** Messages in the queue now (fresh + deferred), from the smtp_queue_messages gauge of /metrics. */
  queueDepth(): Promise<number>;
  /** Resolves once GET /v1/queue is empty; rejects with what is left after `timeoutMs`. */
  queueEmpty(timeoutMs: number): Promise<void>;
}

export interface RelayUnderTestOptions {
  smartHostPort: number;
  /** The virtual server's delivery.retry_intervals_minutes (minutes; fractions allowed). */
  retryIntervalsMinutes: number[];
  expirationHours?: number;
  /** More virtual-server fields (e.g. local_domains, drop_directory). */
  server?: Record<string, unknown>;
}

/** Creates the server on `relay` and waits for its listener. */
export async function relayUnderTest(relay: TestRelay, options: RelayUnderTestOptions): Promise<RelayUnderTest> {
  const { smartHostPort, retryIntervalsMinutes, expirationHours, server } = options;
  const smtpPort = await freePort();
  const created = await relay.api('POST', '/v1/virtual-servers', {
    name: 'reliability', port: smtpPort, fqdn: 'relay.reliability.test', relay_control: { mode: 'all_except_listed' },
    limits: { max_messages_per_connection: 1000, max_connections: 200 }, ...server,
    delivery: {
      smart_host: '127.0.0.1', smart_host_port: smartHostPort, retry_intervals_minutes: retryIntervalsMinutes,
      ...(expirationHours === undefined ? {} : { expiration_hours: expirationHours }),
    },
  });
  if (created.status !== 201) throw new Error(`creating the virtual server: HTTP ${created.status} ${created.text}`);
  await waitForListener(smtpPort);
  const queue = async () => {
    const items = [];
    for (let offset = 0; ; offset += 100) {
      const page = await relay.api('GET', `/v1/queue?limit=100&offset=${offset}`);
      if (page.status !== 200) throw new Error(`GET /v1/queue: HTTP ${page.status} ${page.text}`);
      items.push(...page.body.items);
      if (page.body.items.length < 100) return items;
    }
  };
  return {
    relay, serverId: created.body.id, smtpPort, queue,
    async queueDepth() {
      const metrics = await relay.api('GET', '/metrics');
      const values = [...metrics.text.matchAll(/^smtp_queue_messages\{state="(?:fresh|deferred)"\} (\d+)$/gm)].map((m) => Number(m[1]));
      if (metrics.status !== 200 || values.length !== 2) throw new Error(`no smtp_queue_messages in /metrics: HTTP ${metrics.status}`);
      return values[0] + values[1];
    },
    async queueEmpty(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const left = await queue();
        if (left.length === 0) return;
        if (Date.now() > deadline) {
          throw new Error(`${left.length} messages still queued after ${timeoutMs} ms, e.g. ${JSON.stringify(left.slice(0, 3))}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}
