// Configuration changes reach delivery without a restart: the next attempt uses the new route.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cacheSnapshots } from '../../relay-service/src/config/snapshot-cache.ts';
import { freePort } from '../support/free-port.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { startHarness, testMessage } from './support/harness.ts';
import { staticConfig, virtualServer } from './support/static-config.ts';

test('the snapshot cache serves one read until a change event, then reads again', async () => {
  const config = staticConfig([virtualServer('vs')]);
  let reads = 0;
  const read = config.snapshot.bind(config);
  config.snapshot = () => { reads++; return read(); };
  const cache = cacheSnapshots(config, config);
  const first = await cache.snapshot();
  await cache.snapshot();
  assert.equal(reads, 1);
  config.servers[0] = virtualServer('vs', { fqdn: 'changed.test' });
  config.changed();
  const second = await cache.snapshot();
  assert.equal(reads, 2);
  assert.notEqual(second.version, first.version);
  assert.equal(second.virtualServers[0].server.fqdn, 'changed.test');
  cache.close();
});

test('a deferred message follows a smart host change made while it waits', async (t) => {
  const deadPort = await freePort();
  const sink = await startSmtpSink();
  t.after(() => sink.stop());
  const config = staticConfig([virtualServer('vs', { delivery: { smart_host: '127.0.0.1', smart_host_port: deadPort, retry_intervals_minutes: [0.005] } })]);
  const h = startHarness(t, config);
  const id = await h.submit('vs', 'a@x.test', ['b@y.test'], testMessage('a@x.test', ['b@y.test'], 'moved-1@x.test'));
  await h.deferred(id);
  config.servers[0] = virtualServer('vs', { delivery: { smart_host: '127.0.0.1', smart_host_port: sink.port, retry_intervals_minutes: [0.005] } });
  config.changed();
  await sink.waitFor(1);
  await h.gone(id);
});
