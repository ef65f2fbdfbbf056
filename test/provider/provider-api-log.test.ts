// Acceptance test: at TF_LOG_PROVIDER=debug (or TF_LOG=debug) each relay API request is one log line, a retried 429
// included, with no body or credential (not the password, not the token issued for it) in the log or the state.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import { freePort } from '../support/free-port.ts';
import { startTestRelay, type TestRelay } from '../support/test-relay.ts';
import { acceptance, terraformWorkspace } from '../support/terraform.ts';

const PASSWORD = 'operator-Pa55-xyz';

/**
 * A loopback proxy in front of the relay that answers the first POST to `throttled` with 429 (Retry-After: 0), the
 * way the relay's own limiter would, and keeps the tokens the relay issues (to prove they are never logged).
 */
async function throttlingProxy(target: string, throttled: string): Promise<{ url: string; server: Server; issuedTokens: string[] }> {
  const issuedTokens: string[] = [];
  let throttledOnce = false;
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === throttled && !throttledOnce) {
      throttledOnce = true;
      req.resume();
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' });
      res.end(JSON.stringify({ error: { code: 'too_many_requests', message: 'slow down', details: [] } }));
      return;
    }
    const upstream = request(new URL(req.url!, target), { method: req.method, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        if (req.url === '/v1/tokens' && answer.statusCode === 201) issuedTokens.push(JSON.parse(body.toString()).token);
        res.writeHead(answer.statusCode!, answer.headers);
        res.end(body);
      });
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server, issuedTokens };
}

/** The provider's request lines from terraform's stderr, as `METHOD path status attempt` strings. */
function requestLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.includes('relay API request')).map((l) => {
    const field = (name: string) => new RegExp(`\\b${name}=(\\S+)`).exec(l)?.[1];
    assert.match(field('duration_ms') ?? '', /^\d+$/, `a duration on: ${l}`);
    return `${field('method')} ${field('path')} ${field('status')} ${field('attempt')}`;
  });
}

describe('provider API request log', { skip: acceptance.enabled ? false : acceptance.skipReason }, () => {
  let relay: TestRelay;
  let proxy: Awaited<ReturnType<typeof throttlingProxy>>;
  let serverId = '';

  before(async () => {
    relay = await startTestRelay({ mode: 'child-process' });
    const account = await relay.api('POST', '/v1/accounts', { name: 'opal', domain: 'CORP', password_wo: PASSWORD, password_wo_version: 1 });
    assert.equal(account.status, 201, account.text);
    const server = await relay.api('POST', '/v1/virtual-servers', { name: 'logged', port: await freePort() });
    assert.equal(server.status, 201, server.text);
    serverId = server.body.id;
    assert.equal((await relay.api('POST', `/v1/virtual-servers/${serverId}/operators`, { account_id: account.body.id })).status, 201);
    proxy = await throttlingProxy(relay.apiUrl, `/v1/virtual-servers/${serverId}/relay-rules`);
  });
  after(async () => {
    proxy?.server.closeAllConnections();
    proxy?.server.close();
    await relay?.dispose();
  });

  test('a retried 429 shows as two lines with their attempt numbers; secrets show nowhere', async (t) => {
    const rules = `/v1/virtual-servers/${serverId}/relay-rules`;
    const tf = await terraformWorkspace({ env: { SMTP_RELAY_ENDPOINT: proxy.url, TF_LOG_PROVIDER: 'debug' } });
    t.after(() => tf.dispose());
    tf.writeConfig(`
resource "smtp_relay_rule" "r" {
  virtual_server_id = "${serverId}"
  cidr              = "10.40.0.0/16"
}`, `provider "smtp" {\n  username = "CORP\\\\opal"\n  password = "${PASSWORD}"\n}`);
    const applied = await tf.ok('apply', '-auto-approve');
    const lines = requestLines(applied.stderr);
    assert.deepEqual(lines.filter((l) => l.startsWith(`POST ${rules} `)), [`POST ${rules} 429 1`, `POST ${rules} 201 2`]);
    assert.deepEqual(lines.filter((l) => l.startsWith('POST /v1/tokens ')), ['POST /v1/tokens 201 1'], 'username/password exchanged once');
    assert.equal(proxy.issuedTokens.length, 1);
    for (const secret of [PASSWORD, proxy.issuedTokens[0], relay.token, Buffer.from(`CORP\\opal:${PASSWORD}`).toString('base64')]) {
      assert.ok(!applied.stderr.includes(secret) && !applied.stdout.includes(secret), 'no credential in the log');
      assert.ok(!tf.stateFile().includes(secret), 'no credential in the state');
    }
    assert.doesNotMatch(applied.stderr, /10\.40\.0\.0\/16.*relay API request|relay API request.*10\.40\.0\.0/, 'no request body in the request lines');

    // TF_LOG=debug alone also shows them (refresh reads the rule).
    const tfLog = await terraformWorkspace({ env: { SMTP_RELAY_ENDPOINT: relay.apiUrl, SMTP_RELAY_TOKEN: relay.token, TF_LOG: 'debug' } });
    t.after(() => tfLog.dispose());
    tfLog.writeConfig(`data "smtp_virtual_server" "v" {\n  id = "${serverId}"\n}`);
    const planned = await tfLog.ok('plan');
    assert.ok(requestLines(planned.stderr).includes(`GET /v1/virtual-servers/${serverId} 200 1`), planned.stderr.slice(-2000));
    assert.ok(!planned.stderr.includes(relay.token), 'the token is not logged');
  });
});
