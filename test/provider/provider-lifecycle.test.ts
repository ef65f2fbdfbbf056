// Acceptance test: the provider process ends with its host; a Ctrl-C cancels a request in flight instead of waiting it out.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { acceptance, terraformWorkspace, type TerraformWorkspace } from '../support/terraform.ts';

/** A management API endpoint on loopback that takes every request and never answers it; `requests(n)` waits for the n-th. */
async function hangingApi(): Promise<{ url: string; server: Server; requests: (n: number) => Promise<void> }> {
  let seen = 0;
  const server = createServer(() => { seen++; });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const requests = async (n: number) => {
    for (let i = 0; i < 1200 && seen < n; i++) await new Promise((r) => setTimeout(r, 25));
    if (seen < n) throw new Error(`the API saw ${seen} requests, expected ${n}`);
  };
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server, requests };
}

/** The state letter of /proc/<pid>/stat (R, S, Z...), or undefined once the process is gone. */
function procState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

/** PIDs whose parent is `parent`, from /proc. */
function childrenOf(parent: number): number[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent;
    } catch {
      return false;
    }
  });
}

const config = 'resource "smtp_virtual_server" "slow" {\n  name = "slow"\n  port = 2525\n}';

describe('provider process lifecycle', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  let api: Awaited<ReturnType<typeof hangingApi>>;
  let tf: TerraformWorkspace;
  const leftovers: number[] = [];

  before(async () => {
    api = await hangingApi();
    tf = await terraformWorkspace({ env: { SMTP_RELAY_ENDPOINT: api.url, SMTP_RELAY_TOKEN: 'any-token' }, timeoutMs: 60_000 });
    tf.writeConfig(config);
    await tf.ok('init');
  });
  after(() => {
    // A provider that outlived its host (the failure this suite looks for) is stopped here by its PID.
    for (const pid of leftovers) if (procState(pid) && procState(pid) !== 'Z') process.kill(pid, 'SIGKILL');
    api?.server.closeAllConnections();
    api?.server.close();
    tf?.dispose();
  });

  test('kill -9 of terraform mid-apply: no provider process remains after a few seconds', async (t) => {
    const { pid, result } = await tf.start('apply', '-auto-approve');
    await api.requests(1);
    const providers = childrenOf(pid);
    assert.ok(providers.length > 0, 'terraform runs the provider as its child');
    leftovers.push(...providers);
    process.kill(pid, 'SIGKILL');
    await result;
    const started = performance.now();
    // A zombie (Z) has exited; only its parent (now init, which may not reap) keeps the entry.
    const alive = () => providers.filter((p) => procState(p) !== undefined && procState(p) !== 'Z');
    while (alive().length > 0 && performance.now() - started < 5_000) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(alive(), [], `provider processes ${alive().join(', ')} still run ${Math.round(performance.now() - started)} ms after terraform was killed`);
    t.diagnostic(`providers ${providers.join(', ')} gone ${Math.round(performance.now() - started)} ms after the kill`);
  });

  test('SIGINT during an apply whose API call hangs: terraform returns within 2 s with a cancelled error', async (t) => {
    const { pid, result } = await tf.start('apply', '-auto-approve');
    await api.requests(2); // the first test's request, then this run's create
    leftovers.push(...childrenOf(pid));
    const signalled = performance.now();
    process.kill(pid, 'SIGINT');
    const outcome = await result;
    const ms = performance.now() - signalled;
    assert.notEqual(outcome.code, 0);
    assert.ok(ms < 2_000, `terraform took ${Math.round(ms)} ms after SIGINT`);
    t.diagnostic(`terraform returned ${Math.round(ms)} ms after SIGINT`);
    assert.match(outcome.stderr.replace(/\s+/g, ' '), /Error: Cancelled.*Terraform asked the provider to stop while creating smtp_virtual_server/);
  });
});
