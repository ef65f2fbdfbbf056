// The listener manager's state and back-off with real sockets: a certificate that cannot be loaded, a busy port, the retry pauses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as dns } from 'node:dns';
import { createServer } from 'node:net';
import { Registry } from 'prom-client';
import { applyDefaults } from '@relayform/schema/apply-defaults.ts';
import type { VirtualServer } from '@relayform/schema/model.ts';
import { virtualServerSchema } from '@relayform/schema/schemas/virtual-server-schema.ts';
import type { ConfigSnapshot, CredentialStore } from '../config/config-reader.ts';
import { createLogger } from '../logger.ts';
import { AuthThrottle, defaultAuthThrottle } from './auth-throttle.ts';
import { ListenerManager, retryDelayMs } from './listener-manager.ts';
import { ConnectionCounts } from './connection-counts.ts';
import { smtpMetrics } from './smtp-metrics.ts';

function server(id: string, fields: Record<string, unknown>): VirtualServer {
  return { id, ...applyDefaults(virtualServerSchema, { name: id, fqdn: 'relay.test', drop_directory: '/tmp/drop', ...fields }) } as unknown as VirtualServer;
}

/** A manager over a fixed snapshot; `noCertificate`: every certificate lookup finds nothing. */
function manager(servers: VirtualServer[], registry = new Registry()) {
  const snapshot: ConfigSnapshot = { version: 7, virtualServers: servers.map((s) => ({ server: s, connectionRules: [], relayRules: [], remoteDomains: [] })) };
  const credentials = { certificateKeyPair: async () => null } as unknown as CredentialStore;
  return new ListenerManager({
    feed: { snapshot: async () => snapshot, onChange: () => () => undefined },
    credentials, logger: createLogger('silent'), resolver: new dns.Resolver(), dnsTimeoutMs: 100,
    throttle: new AuthThrottle(defaultAuthThrottle), metrics: smtpMetrics(registry),
    rateCounters: { take: async () => { throw new Error('no rate limit is configured here'); }, close: async () => undefined },
    rateWindowMs: 60_000, connections: new ConnectionCounts(),
    enqueue: async () => 'never',
  });
}

test('the pause between attempts doubles from 1 s and stops at 60 s', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8, 20].map(retryDelayMs), [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
});

test('a certificate that cannot be loaded: failed with CERTIFICATE_UNAVAILABLE, nothing bound, the gauge 0', async (t) => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const registry = new Registry();
  const listeners = manager([server('tls-vs', { port, tls: { certificate_id: 'gone' } })], registry);
  t.after(() => listeners.stop());
  await listeners.start();
  const report = listeners.states.report('node-a');
  assert.equal(report.config_version, 7);
  const state = report.listeners['tls-vs'];
  assert.equal(state.state, 'failed');
  assert.equal(state.error?.code, 'CERTIFICATE_UNAVAILABLE');
  assert.match(state.error?.message ?? '', /certificate gone was not found/);
  assert.equal(state.failed_attempts, 1);
  // Not bound: the port is still free for anyone.
  const again = createServer();
  await new Promise<void>((resolve, reject) => again.once('error', reject).listen(port, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => again.close(() => resolve()));
  assert.match(await registry.metrics(), /smtp_listener_up\{virtual_server="tls-vs"\} 0/);
});

test('a busy port: failed with EADDRINUSE; stop() clears the retry timer and the states', async () => {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const port = (holder.address() as { port: number }).port;
  const listeners = manager([server('busy-vs', { port })]);
  try {
    const started = Date.now();
    await listeners.start();
    const state = listeners.states.get('busy-vs');
    assert.equal(state?.state, 'failed');
    assert.equal(state?.error?.code, 'EADDRINUSE');
    // The first attempt waits up to a second for the port (a replaced listener may still hold it), not longer.
    assert.ok(Date.now() - started < 2500, `${Date.now() - started} ms`);
    assert.ok(Date.parse(state!.next_attempt_at!) - Date.now() > 500);
  } finally {
    await listeners.stop();
    holder.close();
  }
  assert.deepEqual(listeners.states.all(), {});
});
