// Acceptance (TF_ACC=1): the HCL imported from the fixture metabase validates, applies to a real relay, plans clean,
// and the relay then answers real SMTP clients from listed and unlisted loopback addresses as the IIS settings say.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { connect as tlsConnect } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/free-port.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { acceptance, terraformWorkspace } from '../support/terraform.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A plain SMTP client that reports each reply code, bound to a chosen loopback source address. */
async function smtpSession(port: number, from: string) {
  let socket: Socket = connect({ host: '127.0.0.1', port, localAddress: from });
  let buffer = '';
  let waiting: ((line: string) => void) | undefined;
  const attach = (s: Socket) => s.on('data', (chunk) => {
    buffer += chunk.toString('latin1');
    const match = /(?:^|\r\n)(\d{3}) [^\r\n]*\r\n$/.exec(buffer);
    if (match && waiting) {
      const done = waiting;
      waiting = undefined;
      const reply = buffer;
      buffer = '';
      done(reply);
    }
  });
  attach(socket);
  const reply = () => new Promise<string>((resolve, reject) => {
    waiting = resolve;
    socket.once('error', reject);
    socket.once('close', () => resolve(buffer || '(closed)'));
  });
  const greeting = await reply();
  const send = async (line: string) => {
    const answer = reply();
    socket.write(`${line}\r\n`);
    return answer;
  };
  return {
    greeting,
    send,
    async startTls() {
      const answer = await send('STARTTLS');
      assert.match(answer, /^220 /, answer);
      socket = tlsConnect({ socket, rejectUnauthorized: false });
      attach(socket);
      await new Promise((resolve) => socket.once('secureConnect', resolve));
    },
    close: () => socket.destroy(),
  };
}

/** MAIL FROM and one RCPT TO from `from` (after STARTTLS and AUTH when asked); resolves to the RCPT reply code. */
async function rcptCode(port: number, from: string, recipient: string, auth?: string, startTls = auth !== undefined): Promise<number> {
  const session = await smtpSession(port, from);
  try {
    assert.match(session.greeting, /^220 /, session.greeting);
    await session.send('EHLO client.test');
    if (startTls) {
      await session.startTls();
      await session.send('EHLO client.test');
    }
    if (auth) {
      const authed = await session.send(`AUTH PLAIN ${Buffer.from(`\0${auth}`).toString('base64')}`);
      assert.match(authed, /^235 /, authed);
    }
    assert.match(await session.send('MAIL FROM:<app@corp.example>'), /^250 /);
    const answer = await session.send(`RCPT TO:<${recipient}>`);
    return Number(answer.slice(0, 3));
  } finally {
    session.close();
  }
}

if (!acceptance.enabled) {
  test('import iis acceptance', { skip: acceptance.skipReason }, () => {});
} else {
  test('the imported IIS virtual server applies, plans clean and accepts and refuses SMTP as IIS did', async (t) => {
    const relay = await startTestRelay({ mode: 'child-process' });
    t.after(() => relay.dispose());
    const port = await freePort();
    const metabase = join(relay.dataDir, 'MetaBase.xml');
    writeFileSync(metabase, readFileSync(join(repoRoot, 'test/import/fixtures/two-servers.metabase.xml'), 'utf8').replace('127.0.0.1:2525:', `127.0.0.1:${port}:`));
    const imported = spawnSync(process.execPath, ['relay-service/bin/smtp-relay.mjs', 'import', 'iis', '--metabase', metabase, '--server', '1', '--operator', 'CORP\\alice'], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    assert.equal(imported.status, 0, imported.stderr);

    // The passwords are write-only variables set before the first apply: the operator's, the smart host's and the partner domain's route (basic auth).
    const tf = await terraformWorkspace({ env: {
      SMTP_RELAY_ENDPOINT: relay.apiUrl, SMTP_RELAY_TOKEN: relay.token,
      TF_VAR_corp_alice_password: 'alice-secret', TF_VAR_smtp_virtual_server_1_smart_host_password: 'smart-host-secret',
      TF_VAR_smtp_virtual_server_1_partner_example_password: 'partner-secret',
    } });
    t.after(() => tf.dispose());
    writeFileSync(join(tf.dir, 'main.tf'), imported.stdout);
    await tf.ok('validate');
    const fmt = await tf.run('fmt', '-check', '-diff');
    assert.equal(fmt.code, 0, `the import is terraform fmt clean:\n${fmt.stdout}${fmt.stderr}`);
    const apply = await tf.ok('apply', '-auto-approve');
    assert.match(apply.stdout, /Apply complete! Resources: 12 added, 0 changed, 0 destroyed/, apply.stdout);
    const plan = await tf.run('plan', '-detailed-exitcode');
    assert.equal(plan.code, 0, `plan after apply is empty:\n${plan.stdout}${plan.stderr}`);
    assert.ok(!tf.stateFile().includes('alice-secret'), 'the password is not in the state');
    assert.ok(!tf.stateFile().includes('smart-host-secret'), 'nor the smart host\'s');
    const operators = (await relay.api('GET', `/v1/virtual-servers/${(await relay.api('GET', '/v1/virtual-servers')).body.items[0].id}/operators`)).body.items;
    assert.equal(operators.length, 1, 'the operator named with --operator manages the virtual server');
    const [applied] = (await relay.api('GET', '/v1/virtual-servers')).body.items;
    assert.deepEqual(applied.dead_letter, { retention_hours: 168, send_notice_to: 'badmail@corp.example' }, 'SendBadTo, inherited from the service node');

    // Setting (IIS) -> client -> recipient -> expected RCPT reply.
    const table: [string, string, string, number][] = [
      ['RelayIpList grants 127.0.0.2', '127.0.0.2', 'user@remote.test', 250],
      ['RelayIpList: only the list below (127.0.0.3 is not on it)', '127.0.0.3', 'user@remote.test', 550],
      ['DefaultDomain / alias domain corp.example needs no relay permission', '127.0.0.3', 'user@corp.example', 250],
      ['*.legacy.example: allow incoming mail to be relayed to this domain', '127.0.0.3', 'user@mx.legacy.example', 250],
      ['partner.example is a remote domain without relay permission', '127.0.0.3', 'user@partner.example', 550],
    ];
    for (const [setting, from, recipient, expected] of table) {
      assert.equal(await rcptCode(port, from, recipient), expected, setting);
    }
    // MaxRecipients 50 and MaxMessageSize 2 MiB (inherited from the service node) from the listed client.
    const limits = await smtpSession(port, '127.0.0.2');
    try {
      await limits.send('EHLO client.test');
      assert.match(await limits.send('MAIL FROM:<app@corp.example> SIZE=3000000'), /^552 /, 'MaxMessageSize: a declared 3 MB message is refused');
      assert.match(await limits.send('MAIL FROM:<app@corp.example> SIZE=1000000'), /^250 /);
      for (let i = 1; i <= 50; i += 1) assert.match(await limits.send(`RCPT TO:<user${i}@corp.example>`), /^250 /);
      assert.match(await limits.send('RCPT TO:<user51@corp.example>'), /^452 /, 'MaxRecipients: the 51st recipient waits for another transaction');
    } finally {
      limits.close();
    }
    // HopCount 15 (inherited from the service node): a message that arrives with 16 Received lines is refused at DATA.
    const hops = await smtpSession(port, '127.0.0.2');
    try {
      await hops.send('EHLO client.test');
      for (const [count, expected] of [[16, /^554 5\.4\.6 /], [15, /^250 /]] as const) {
        assert.match(await hops.send('MAIL FROM:<app@corp.example>'), /^250 /);
        assert.match(await hops.send('RCPT TO:<user@corp.example>'), /^250 /);
        assert.match(await hops.send('DATA'), /^354 /);
        const received = Array.from({ length: count }, (_, i) => `Received: from hop${i}.test by hop${i + 1}.test; Mon, 7 Dec 2026 10:00:00 +0000`);
        assert.match(await hops.send([...received, 'Subject: hops', '', 'body', '.'].join('\r\n')), expected, `HopCount 15: ${count} Received lines`);
      }
    } finally {
      hops.close();
    }
    const denied = await smtpSession(port, '127.0.0.9');
    denied.close();
    assert.match(denied.greeting, /^554 /, 'IPSecurity (inherited from the service node) denies 127.0.0.9 at connect');

    // RelayForAuth + AuthFlags basic + DefaultLogonDomain CORP: the operator CORP\alice (an account from --operator)
    // authenticates as plain "alice" and relays from an unlisted address.
    // The certificate lives in the Windows store, so the operator adds one (the report says so); AUTH needs TLS.
    const certificate = await relay.api('POST', '/v1/certificates', { name: 'edge', common_name: 'mail.corp.example', key_algorithm: 'ECDSA_P256', validity_days: 30 });
    assert.equal(certificate.status, 201, certificate.text);
    const servers = (await relay.api('GET', '/v1/virtual-servers')).body.items;
    const patched = await relay.api('PATCH', `/v1/virtual-servers/${servers[0].id}`, { tls: { certificate_id: certificate.body.id } });
    assert.equal(patched.status, 200, patched.text);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the listener picks up the certificate
    assert.equal(await rcptCode(port, '127.0.0.3', 'user@remote.test', 'alice\0alice-secret'), 250, 'RelayForAuth: authenticated clients relay');
    assert.equal(await rcptCode(port, '127.0.0.3', 'user@remote.test'), 550, 'the same client without AUTH may not relay');
    assert.equal(await rcptCode(port, '127.0.0.3', 'user@remote.test', undefined, true), 550, 'STARTTLS alone does not let it relay');
    assert.equal(await rcptCode(port, '127.0.0.2', 'user@remote.test', undefined, true), 250, 'the listed client relays over TLS as well');
  });
}
