// Starting a node on PostgreSQL: bad settings and an unreachable database are clear errors, not a half-started relay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/free-port.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `smtp-relay serve` to its exit with `env` added; the relay must not stay up, so a timeout fails the test. */
function serve(env: Record<string, string>, dataDir: string, apiPort: number) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'relay-service/src/cli.ts', 'serve', '--data-dir', dataDir, '--api-listen', `127.0.0.1:${apiPort}`], {
    cwd: repoRoot, env: { ...process.env, SMTP_RELAY_LOG_LEVEL: 'warn', ...env }, encoding: 'utf8', timeout: 30_000,
  });
}

test('invalid shared-store settings exit 2 naming the variable; an unreachable database exits 1 naming the cause', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-startup-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const apiPort = await freePort();
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ SMTP_RELAY_DATABASE_URL: 'mysql://relay@127.0.0.1/relay' }, /SMTP_RELAY_DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/],
    [{ SMTP_RELAY_SMTP_BIND_ADDRESS: 'node-b.example' }, /SMTP_RELAY_SMTP_BIND_ADDRESS must be an IP address, got "node-b.example"/],
    [{ SMTP_RELAY_QUEUE_LEASE_SECONDS: '0.1' }, /SMTP_RELAY_QUEUE_LEASE_SECONDS must be a number >= 1, got "0.1"/],
    [{ SMTP_RELAY_STATS_INTERVAL_SECONDS: '0' }, /SMTP_RELAY_STATS_INTERVAL_SECONDS must be a number from 1 to 60, got "0"/],
  ];
  for (const [env, message] of cases) {
    const result = serve(env, dataDir, apiPort);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, message);
  }
  const closedPort = await freePort();
  const unreachable = serve({ SMTP_RELAY_DATABASE_URL: `postgres://relay:pw-not-logged@127.0.0.1:${closedPort}/relay` }, dataDir, apiPort);
  assert.equal(unreachable.status, 1, unreachable.stderr);
  assert.match(unreachable.stderr, /smtp-relay failed to start: .*ECONNREFUSED/);
  assert.doesNotMatch(unreachable.stdout + unreachable.stderr, /pw-not-logged/, 'the database password is never printed');
});
