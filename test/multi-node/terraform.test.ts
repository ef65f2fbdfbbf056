// Terraform against several nodes: what is applied through node A plans clean through node B, and node B serves it
// (its STARTTLS uses the certificate key sealed by node A, so the nodes' shared secret key is in play).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { freePort } from '../support/free-port.ts';
import { postgresSkip } from '../support/postgres.ts';
import { acceptance, terraformWorkspace } from '../support/terraform.ts';
import { startCluster, until } from './cluster.ts';

const config = (port: number, name: string) => `
resource "smtp_certificate" "c" {
  name          = "shared"
  common_name   = "mail.multi.test"
  key_algorithm = "ECDSA_P256"
}

resource "smtp_virtual_server" "vs" {
  name = "${name}"
  port = ${port}
  tls  = { certificate_id = smtp_certificate.c.id }
}

resource "smtp_account" "ops" {
  name                = "ops"
  password_wo         = "Ops-Secret-1"
  password_wo_version = 1
}

resource "smtp_operator" "o" {
  virtual_server_id = smtp_virtual_server.vs.id
  account_id        = smtp_account.ops.id
}

resource "smtp_relay_rule" "r" {
  virtual_server_id = smtp_virtual_server.vs.id
  cidr              = "127.0.0.0/8"
}`;

/** The EHLO keywords the server at host:port offers, or undefined when it does not answer. */
function ehloKeywords(host: string, port: number): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let text = '';
    const done = (value: string[] | undefined) => { socket.destroy(); resolve(value); };
    socket.setTimeout(2000, () => done(undefined));
    socket.once('error', () => done(undefined));
    socket.on('data', (chunk) => {
      text += chunk.toString();
      if (/^220 /m.test(text) && !text.includes('EHLO')) {
        text += 'EHLO\r\n';
        socket.write('EHLO client.test\r\n');
      }
      const lines = text.split('\r\n');
      if (lines.some((line) => /^250 /.test(line))) done(lines.filter((line) => line.startsWith('250')).map((line) => line.slice(4)));
    });
  });
}

test('applied through node A, planned through node B: no changes; and the other way round', { skip: postgresSkip || (acceptance.enabled ? false : acceptance.skipReason) }, async (t) => {
  const cluster = await startCluster(t, { nodes: 2, leaseSeconds: 5 });
  const [a, b] = cluster.nodes;
  const tf = await terraformWorkspace({ env: { SMTP_RELAY_TOKEN: a.token } });
  t.after(() => tf.dispose());
  const port = await freePort();
  const through = (node: typeof a) => `provider "smtp" {\n  endpoint = "${node.apiUrl}"\n}`;

  tf.writeConfig(config(port, 'tf-shared'), through(a));
  await tf.ok('apply', '-auto-approve');
  tf.writeConfig(config(port, 'tf-shared'), through(b));
  const plan = await tf.run('plan', '-detailed-exitcode');
  assert.equal(plan.code, 0, `plan through node B shows no changes:\n${plan.stdout}${plan.stderr}`);

  const keywords = await until('node B to offer STARTTLS', async () => {
    const offered = await ehloKeywords(b.smtpHost, port);
    return offered?.includes('STARTTLS') ? offered : undefined;
  }, 5000);
  assert.ok(keywords.includes('STARTTLS'), 'node B loaded the certificate key node A sealed');

  tf.writeConfig(config(port, 'tf-renamed'), through(b));
  await tf.ok('apply', '-auto-approve');
  tf.writeConfig(config(port, 'tf-renamed'), through(a));
  const back = await tf.run('plan', '-detailed-exitcode');
  assert.equal(back.code, 0, `plan through node A after an apply through node B shows no changes:\n${back.stdout}${back.stderr}`);
});
