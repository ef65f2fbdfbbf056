// The smtp-relay operator commands against a real relay (child process) whose smart host is a real SMTP sink: queued,
// deferred and failed mail, every command's --output json parsed, help and usage errors, exit codes, HTTPS with a CA file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/free-port.ts';
import { relayOperator } from '../support/relay-operator.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { loopbackTls } from '../support/test-ca.ts';
import { startTestRelay, type TestRelay } from '../support/test-relay.ts';
import { SmtpDialog } from '../data-plane/smtp-dialog.ts';
import { waitForListener } from '../data-plane/wait-for-listener.ts';
import { operatorCommands, runOperatorCli } from '../../relay-service/src/cli/operator-cli.ts';
import { runCli, startCli } from './run-cli.ts';

let relay: TestRelay;
let sink: SmtpSink;
let blackhole: Server;
const held: Socket[] = [];
let smtpPort: number;
let vsId: string;
let env: Record<string, string>;

/** The admin's calls, as the API returns them. */
const api = (method: string, path: string, body?: unknown) => relay.api(method, path, body);

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

before(async () => {
  // deferred.example: 451 at RCPT (mail stays deferred); failed.example: 550 (the recipient fails); anything else: 250.
  sink = await startSmtpSink({
    rcptReply: (address) => (address.endsWith('@deferred.example') ? '451 4.3.0 try again later'
      : address.endsWith('@failed.example') ? '550 5.1.1 no such user' : null),
  });
  // held.example's smart host accepts the connection and never greets: its message stays fresh (an attempt in flight).
  blackhole = createServer((socket) => { held.push(socket); });
  await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
  relay = await startTestRelay({ mode: 'child-process' });
  env = { SMTP_RELAY_ENDPOINT: relay.apiUrl, SMTP_RELAY_TOKEN: relay.token };
  smtpPort = await freePort();
  const operator = relayOperator(relay.api);
  const vs = await operator.createServer({
    name: 'edge', port: smtpPort, local_domains: ['corp.example'],
    delivery: { smart_host: '127.0.0.1', smart_host_port: sink.port, retry_intervals_minutes: [60] },
  });
  vsId = vs.id;
  await operator.addRule('relay-rules', vs.id, { cidr: '127.0.0.0/8' });
  await operator.addRemoteDomain(vs.id, { name: 'held.example', smart_host: '127.0.0.1', smart_host_port: (blackhole.address() as { port: number }).port });
  await waitForListener(smtpPort, '127.0.0.1', 15_000);
});

after(async () => {
  for (const socket of held) socket.destroy();
  await relay?.dispose();
  await sink?.stop();
  blackhole?.close();
});

const sendTest = (to: string[], ...more: string[]) =>
  runCli(['send-test', '--server', `127.0.0.1:${smtpPort}`, '--from', 'ops@sender.example', ...to.flatMap((address) => ['--to', address]), '--output', 'json', ...more], { env });

/** Runs an operator command in this process (the same code the executable runs), stdin not a terminal. */
async function inProcess(args: string[], processEnv: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runOperatorCli(args, {
    stdout: (text) => { stdout += text; }, stderr: (text) => { stderr += text; }, env: processEnv, interactive: false,
    ask: async () => { throw new Error('no terminal'); },
  });
  return { status, stdout, stderr };
}

test('the executable: --help exits 0 for the top level and each kind of command, bad command lines exit 2, API failures 3', async () => {
  const [top, queueLs, serve, group, badFlag, missing, badToken, unreachable] = await Promise.all([
    runCli(['--help']), runCli(['queue', 'ls', '--help']), runCli(['serve', '--help']), runCli(['queue', '--help']),
    runCli(['queue', 'ls', '--bogus'], { env }), runCli(['queue', 'show', 'no-such-id', '--output', 'json'], { env }),
    runCli(['status'], { env: { ...env, SMTP_RELAY_TOKEN: 'wrong-token' } }),
    runCli(['status', '--endpoint', `http://127.0.0.1:${await freePort()}`, '--token', 't']),
  ]);
  for (const run of [top, queueLs, serve, group]) assert.equal(run.status, 0, run.stderr);
  assert.match(top.stdout, /^usage: smtp-relay <command>[\s\S]*smtp-relay queue ls .*\n[\s\S]*3 {2}the management API answered with an error or could not be reached/);
  assert.match(queueLs.stdout, /^usage: smtp-relay queue ls [\s\S]*--recipient-domain D[\s\S]*--endpoint URL .*SMTP_RELAY_ENDPOINT[\s\S]*--ca-file FILE[\s\S]*Exit codes/);
  assert.match(serve.stdout, /^usage: smtp-relay serve \[--data-dir DIR\]/);
  assert.match(group.stdout, /^usage: smtp-relay queue <command>[\s\S]*queue delete \[--dead\] ID/);
  assert.equal(badFlag.status, 2);
  assert.match(badFlag.stderr, /Unknown option '--bogus'[\s\S]*usage: smtp-relay queue ls/);
  assert.deepEqual([missing.status, badToken.status, unreachable.status], [3, 3, 3]);
  assert.match(missing.stderr, /GET \/v1\/queue\/no-such-id answered 404: not_found/);
  assert.equal(missing.stdout, '');
  assert.match(badToken.stderr, /answered 401/);
  assert.match(unreachable.stderr, /cannot reach the management API: ECONNREFUSED/);
});

test('every operator command answers --help with exit 0; usage errors exit 2 with nothing on stdout', async () => {
  for (const command of operatorCommands) {
    const help = await inProcess([...command.path, '--help']);
    assert.equal(help.status, 0, command.path.join(' '));
    assert.match(help.stdout, new RegExp(`^usage: smtp-relay ${command.path.join(' ')}[\\s\\S]*--output table\\|json[\\s\\S]*Exit codes`), command.path.join(' '));
  }
  const cases = [
    ['queue', 'frobnicate'], ['queue'], ['queue', 'show'], ['queue', 'retry'], ['queue', 'retry', 'x', '--all'],
    ['queue', 'retry', 'x', '--domain', 'd.example'], ['queue', 'ls', '--state', 'stuck'], ['queue', 'ls', '--output', 'xml'], ['queue', 'ls', '--limit', '0'],
    ['audit', 'tail', '-n', '0'], ['relay-check', '--client-ip', '127.0.0.1'], ['send-test', '--server', 'nowhere', '--from', 'a@b', '--to', 'c@d'],
    ['status', '--ca-file', '/etc/hostname'], ['status', '--token', 't', '--username', 'u'], ['status'],
  ];
  const runs = [];
  for (const args of cases) runs.push(await inProcess(args, args[0] === 'status' && args.length === 1 ? { SMTP_RELAY_ENDPOINT: relay.apiUrl } : env));
  runs.forEach((run, i) => {
    assert.equal(run.status, 2, `${cases[i].join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, /^smtp-relay \w+/, cases[i].join(' '));
    assert.equal(run.stdout, '', `${cases[i].join(' ')}: nothing on stdout`);
  });
  assert.match(runs[11].stderr, /--server must be HOST:PORT, got "nowhere"/);
  assert.match(runs[12].stderr, /--ca-file applies only to an https:\/\/ endpoint/);
  assert.match(runs[13].stderr, /--token: Conflicting credentials/);
  assert.match(runs[14].stderr, /--token: Missing credentials/);
});

test('queue ls / show / retry / delete on fresh, deferred and failed mail; send-test and its --wait', async () => {
  // Seeded through send-test itself: its JSON names the queue id of the 250 reply.
  const [deferred, failed, delivered] = await Promise.all([
    sendTest(['d@deferred.example']), sendTest(['f@failed.example', 'p@deferred.example'], '--wait', '--timeout', '30'),
    sendTest(['ok@delivered.example'], '--wait', '--timeout', '30'),
  ]);
  assert.equal(deferred.status, 0, deferred.stderr);
  assert.equal(failed.status, 5, 'a recipient failed permanently: exit 5');
  assert.equal(failed.json().wait.outcome, 'failed');
  assert.match(failed.stderr, /: deferred, 1 attempt\(s\), last error: f@failed\.example: 550 5\.1\.1/);
  assert.equal(delivered.status, 0, delivered.stderr);
  assert.equal(delivered.json().wait.outcome, 'left_queue');
  assert.ok(sink.messages.some((m) => m.to.includes('ok@delivered.example') && m.raw.toString().includes(delivered.json().queue_id)),
    'the sink got the message the relay named in its 250 reply');
  const ids = { fresh: '', deferred: deferred.json().queue_id, failed: failed.json().queue_id };
  await until('the deferral', async () => (await api('GET', `/v1/queue/${ids.deferred}`)).body.state === 'deferred');
  // The DSN for f@failed.example goes to sender.example, which the sink takes: wait until only the two remain.
  await until('a settled queue', async () => (await api('GET', '/v1/queue')).body.total === 2);
  // Sent last: its attempt hangs on a smart host that never greets, for the relay's 60 s greeting timeout.
  const fresh = await sendTest(['x@held.example']);
  assert.equal(fresh.status, 0, fresh.stderr);
  ids.fresh = fresh.json().queue_id;
  assert.match(fresh.json().response, new RegExp(`^250 .*queued as ${ids.fresh}`));

  const [all, freshOnly] = await Promise.all([runCli(['queue', 'ls', '--output', 'json'], { env }), runCli(['queue', 'ls', '--state', 'fresh', '--output', 'json'], { env })]);
  assert.equal(all.status, 0, all.stderr);
  const byId = new Map(all.json().items.map((m: { id: string }) => [m.id, m]));
  assert.equal(all.json().total, 3);
  const [f, d, x] = [ids.fresh, ids.deferred, ids.failed].map((id) => byId.get(id) as any);
  assert.deepEqual([f.state, f.attempts, f.sender], ['fresh', 0, 'ops@sender.example']);
  assert.deepEqual([d.state, d.attempts >= 1, d.virtual_server_id], ['deferred', true, vsId]);
  assert.match(d.last_error, /451 4\.3\.0/);
  assert.deepEqual(x.recipients.map((r: { address: string; status: string }) => [r.address, r.status]), [['f@failed.example', 'failed'], ['p@deferred.example', 'pending']]);
  assert.deepEqual(freshOnly.json().items.map((m: { id: string }) => m.id), [ids.fresh]);

  const ids_ = async (...args: string[]) => {
    const run = await runCli(['queue', 'ls', '--output', 'json', ...args], { env });
    assert.equal(run.status, 0, run.stderr);
    return run.json().items.map((m: { id: string }) => m.id).sort();
  };
  const [byDomain, byServer, failedDomain, noServer] = await Promise.all([
    ids_('--recipient-domain', 'deferred.example'), ids_('--virtual-server', 'edge', '--state', 'deferred'),
    ids_('--recipient-domain', 'failed.example'), runCli(['queue', 'ls', '--virtual-server', 'nope'], { env }),
  ]);
  assert.deepEqual(byDomain, [ids.deferred, ids.failed].sort());
  assert.deepEqual(byServer, [ids.deferred, ids.failed].sort());
  assert.deepEqual(failedDomain, [], 'a failed recipient is not pending');
  assert.equal(noServer.status, 2);
  assert.match(noServer.stderr, /no virtual server named or with the id "nope"/);

  const table = await runCli(['queue', 'ls'], { env });
  assert.match(table.stdout, /^ID +AGE +SIZE +SENDER +RECIPIENTS +ATTEMPTS +NEXT +LAST ERROR\n/);
  assert.match(table.stdout, new RegExp(`^${ids.deferred} .* ops@sender\\.example +d@deferred\\.example +[1-9] .*451 4\\.3\\.0`, 'm'));
  assert.match(table.stdout, /-- \S+ in 3 messages --\n$/);

  const show = await runCli(['queue', 'show', ids.failed, '--output', 'json'], { env });
  assert.equal(show.status, 0, show.stderr);
  assert.equal(show.json().id, ids.failed);
  assert.match(show.json().headers.find((h: { name: string }) => h.name === 'Subject').value, /^smtp-relay send-test /);
  assert.ok(show.json().headers.some((h: { name: string; value: string }) => h.name === 'Received' && h.value.includes(ids.failed)));
  assert.match(show.json().recipients[0].last_error, /550 5\.1\.1/);
  const showTable = await runCli(['queue', 'show', ids.failed], { env });
  assert.match(showTable.stdout, /Recipients:\n +ADDRESS +STATUS +LAST REPLY\n +f@failed\.example +failed +550 5\.1\.1 no such user\n +p@deferred\.example +pending +451 4\.3\.0 try again later\n\nAttempts:\n +attempts: +[1-9][\s\S]*Header:\n +Received: [\s\S]*\n {2}Subject: smtp-relay send-test/);

  const attemptsBefore = d.attempts;
  const retry = await runCli(['queue', 'retry', ids.deferred, '--output', 'json'], { env });
  assert.deepEqual(retry.json(), { id: ids.deferred, status: 'scheduled' });
  await until('the retried attempt', async () => (await api('GET', `/v1/queue/${ids.deferred}`)).body.attempts > attemptsBefore);

  const retryAll = await runCli(['queue', 'retry', '--all', '--domain', 'deferred.example', '--output', 'json'], { env });
  assert.equal(retryAll.status, 0, retryAll.stderr);
  assert.deepEqual(retryAll.json(), { retried: 2 });
  assert.match(retryAll.stderr, /^retried 2\/2$/m);

  const refused = await runCli(['queue', 'delete', ids.deferred], { env });
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /refusing to delete message .* without confirmation: stdin is not a terminal; pass --yes/);
  assert.equal((await api('GET', `/v1/queue/${ids.deferred}`)).status, 200, 'still queued');
  const refusedBulk = await runCli(['queue', 'delete', '--all-deferred', '--domain', 'deferred.example'], { env, input: 'y\n' });
  assert.equal(refusedBulk.status, 2, 'a "y" piped in is not a confirmation');
  assert.match(refusedBulk.stderr, /refusing to delete 2 deferred for deferred\.example messages/);

  const deleteOne = await runCli(['queue', 'delete', ids.deferred, '--yes', '--output', 'json'], { env });
  assert.deepEqual(deleteOne.json(), { deleted: 1 });
  assert.equal((await api('GET', `/v1/queue/${ids.deferred}`)).status, 404);
  const deleteAll = await runCli(['queue', 'delete', '--all-deferred', '--domain', 'deferred.example', '--yes', '--output', 'json'], { env });
  assert.deepEqual(deleteAll.json(), { deleted: 1 });
  assert.match(deleteAll.stderr, /^deleted 1\/1$/m);
  assert.equal((await api('GET', `/v1/queue/${ids.failed}`)).status, 404);
  assert.equal((await api('GET', `/v1/queue/${ids.fresh}`)).status, 200, 'mail for other domains is left');

  const refusedSmtp = await runCli(['send-test', '--server', `127.0.0.1:${await freePort()}`, '--from', 'a@b.example', '--to', 'c@d.example'], { env });
  assert.equal(refusedSmtp.status, 4, refusedSmtp.stderr);
  assert.match(refusedSmtp.stderr, /ECONNREFUSED/);
});

test('queue ls / show / download / delete --dead: a bounce whose recipient refuses it is kept, listed and fetched byte for byte', async () => {
  // A message with the null sender (a bounce from elsewhere) to a recipient the smart host refuses: it can be neither
  // delivered nor returned, so the relay keeps it in the dead-letter store.
  const { dialog } = await SmtpDialog.open('127.0.0.1', smtpPort);
  const body = `From: mailer-daemon@elsewhere.example\r\nTo: f@failed.example\r\nSubject: dead letter ${Date.now()}\r\nMessage-ID: <dead-${Date.now()}@elsewhere.example>\r\n\r\nundeliverable report\r\n`;
  let id = '';
  try {
    assert.equal((await dialog.command('EHLO elsewhere.example')).code, 250);
    assert.equal((await dialog.command('MAIL FROM:<>')).code, 250);
    assert.equal((await dialog.command('RCPT TO:<f@failed.example>')).code, 250);
    assert.equal((await dialog.command('DATA')).code, 354);
    const accepted = await dialog.send(`${body}.\r\n`);
    id = /queued as (\S+)/.exec(accepted.line)?.[1] ?? '';
    assert.ok(id, accepted.line);
  } finally {
    dialog.close();
  }
  await until('the dead letter', async () => (await api('GET', `/v1/dead-letters/${id}`)).status === 200);

  const listed = await runCli(['queue', 'ls', '--dead', '--output', 'json'], { env });
  assert.equal(listed.status, 0, listed.stderr);
  const letter = listed.json().items.find((m: { id: string }) => m.id === id);
  assert.deepEqual([letter.sender, letter.reason_class, letter.virtual_server_id], ['', 'null_sender_failed', vsId]);
  assert.match(letter.reason, /550 5\.1\.1/);
  const byServer = await runCli(['queue', 'ls', '--dead', '--virtual-server', 'edge', '--output', 'json'], { env });
  assert.ok(byServer.json().items.some((m: { id: string }) => m.id === id));
  const table = await runCli(['queue', 'ls', '--dead'], { env });
  assert.match(table.stdout, /^ID +DEAD FOR +SIZE +SENDER +RECIPIENTS +CLASS +EXPIRES IN +REASON\n/);
  assert.match(table.stdout, new RegExp(`^${id} .* <> +f@failed\\.example +null_sender_failed .*550 5\\.1\\.1`, 'm'));
  const mixed = await runCli(['queue', 'ls', '--dead', '--state', 'deferred'], { env });
  assert.equal(mixed.status, 2);

  const show = await runCli(['queue', 'show', '--dead', id, '--output', 'json'], { env });
  assert.equal(show.status, 0, show.stderr);
  assert.equal(show.json().reason_class, 'null_sender_failed');
  assert.ok(show.json().headers.some((h: { name: string; value: string }) => h.name === 'Subject' && h.value.startsWith('dead letter ')));
  assert.match((await runCli(['queue', 'show', '--dead', id], { env })).stdout, new RegExp(`^Dead letter ${id}\n +reason: +f@failed\\.example: 550 5\\.1\\.1`));

  const file = join(mkdtempSync(join(tmpdir(), 'dead-letter-')), 'message.eml');
  const downloaded = await runCli(['queue', 'download', '--dead', id, '-o', file, '--output', 'json'], { env });
  assert.equal(downloaded.status, 0, downloaded.stderr);
  const stored = (await api('GET', `/v1/dead-letters/${id}/message`)).text;
  assert.equal(readFileSync(file, 'utf8'), stored, 'the file holds the bytes the API serves');
  assert.ok(stored.endsWith(body), 'the message as it was accepted, after the relay\'s Received field');
  assert.equal(downloaded.json().bytes, Buffer.byteLength(stored));
  assert.equal((await runCli(['queue', 'download', '--dead', id], { env })).status, 2, '-o is required');

  assert.equal((await runCli(['queue', 'delete', '--dead', id], { env })).status, 2, 'no confirmation without a terminal');
  const deleted = await runCli(['queue', 'delete', '--dead', id, '--yes', '--output', 'json'], { env });
  assert.deepEqual(deleted.json(), { deleted: 1 });
  assert.equal((await api('GET', `/v1/dead-letters/${id}`)).status, 404);
  assert.equal((await runCli(['queue', 'show', '--dead', id], { env })).status, 3, 'gone: the API answers 404');
});

test('relay-check and outbound-check: the API\'s decisions, in JSON and in words; operators use their account', async () => {
  const check = (ip: string, ...more: string[]) => runCli(['relay-check', '--virtual-server', 'edge', '--client-ip', ip, '--sender', 'a@sender.example',
    '--recipient', 'x@elsewhere.example', ...more], { env });
  const [accept, reject, words] = await Promise.all([check('127.0.0.9', '--output', 'json'), check('203.0.113.9', '--output', 'json'), check('203.0.113.9')]);
  assert.equal(accept.status, 0, accept.stderr);
  assert.deepEqual([accept.json().decision, accept.json().smtp_code], ['accept', 250]);
  assert.deepEqual([reject.json().decision, reject.json().smtp_code, reject.json().enhanced_status], ['reject', 550, '5.7.1']);
  assert.equal(reject.status, 0, 'a refusal is an answer, not a failure');
  assert.match(words.stdout, /^REJECT: 203\.0\.113\.9 \(anonymous\), <a@sender\.example> -> <x@elsewhere\.example>\n {2}reply: 550 5\.7\.1 /);

  const outbound = await runCli(['outbound-check', '--virtual-server', vsId, '--domain', 'held.example', '--output', 'json'], { env });
  assert.equal(outbound.status, 0, outbound.stderr);
  assert.deepEqual([outbound.json().route, outbound.json().next_hop], ['remote_domain', `127.0.0.1:${(blackhole.address() as { port: number }).port}`]);
  const outboundWords = await runCli(['outbound-check', '--virtual-server', 'edge', '--domain', 'other.example'], { env });
  assert.match(outboundWords.stdout, new RegExp(`route: +smart_host\\nnext hop: +127\\.0\\.0\\.1:${sink.port}\\n`));

  const olga = (await api('POST', '/v1/accounts', { name: 'olga', domain: 'CORP', password_wo: 'olga-pass' })).body;
  await api('POST', `/v1/virtual-servers/${vsId}/operators`, { account_id: olga.id });
  const asOlga = { SMTP_RELAY_ENDPOINT: relay.apiUrl, SMTP_RELAY_USERNAME: 'CORP\\olga', SMTP_RELAY_PASSWORD: 'olga-pass' };
  const [operatorCheck, operatorQueue] = await Promise.all([
    runCli(['relay-check', '--virtual-server', vsId, '--client-ip', '127.0.0.9', '--sender', '', '--recipient', 'y@corp.example', '--output', 'json'], { env: asOlga }),
    runCli(['queue', 'ls'], { env: asOlga }),
  ]);
  assert.equal(operatorCheck.status, 0, operatorCheck.stderr);
  assert.equal(operatorCheck.json().decision, 'accept');
  assert.equal(operatorQueue.status, 3, 'the queue is the admin\'s');
  assert.match(operatorQueue.stderr, /answered 403: forbidden/);
});

test('audit tail: the newest entries oldest first; --follow prints new ones as JSON lines', async () => {
  const tail = await runCli(['audit', 'tail', '-n', '2', '--output', 'json'], { env });
  assert.equal(tail.status, 0, tail.stderr);
  const newest = (await api('GET', '/v1/audit-log?limit=2')).body.items;
  assert.deepEqual(tail.json().items, [...newest].reverse());
  assert.ok(tail.json().items[0].seq < tail.json().items[1].seq);
  const words = await runCli(['audit', 'tail', '-n', '1'], { env });
  assert.match(words.stdout, new RegExp(`^SEQ +AT +ACTOR +ACTION +OBJECT\\n${newest[0].seq} +\\S+ +admin +${newest[0].action} +${newest[0].object_type} ${newest[0].object_id}\\n$`));

  const follow = startCli(['audit', 'tail', '-n', '1', '--follow', '--interval', '0.2', '--output', 'json'], env);
  try {
    await follow.waitForLine((line) => JSON.parse(line).seq === newest[0].seq);
    const created = (await api('POST', '/v1/accounts', { name: 'followed', domain: 'CORP', password_wo: 'p4ss-word' })).body;
    const line = JSON.parse(await follow.waitForLine((l) => l.includes(created.id)));
    assert.deepEqual([line.action, line.object_type, line.actor], ['create', 'account', 'admin']);
    assert.equal(JSON.stringify(line).includes('p4ss-word'), false, 'secrets stay redacted');
  } finally {
    await follow.stop();
  }
});

test('status: processes with the config version they applied, listeners, queue sizes, health', async () => {
  const version = Number(JSON.parse((await api('GET', `/v1/virtual-servers/${vsId}`)).headers.get('etag')!));
  const run = await until('a current status', async () => {
    const r = await runCli(['status', '--output', 'json'], { env });
    return r.json().processes[0]?.config_version === r.json().config_version && r;
  });
  assert.equal(run.status, 0, run.stderr);
  const status = run.json();
  assert.ok(status.config_version >= version);
  assert.deepEqual(status.processes.map((p: { node_id: string }) => p.node_id), [relay.nodeId]);
  const edge = status.virtual_servers.find((vs: { id: string }) => vs.id === vsId);
  assert.deepEqual([edge.name, edge.port, edge.listener.listener_state], ['edge', smtpPort, 'listening']);
  assert.deepEqual(status.queue, (await api('GET', '/v1/status')).body.queue);
  assert.equal(status.health.status, 'ok');
  const words = await runCli(['status'], { env });
  assert.match(words.stdout, new RegExp(`^Relay at ${relay.apiUrl}: ok\\n`));
  assert.match(words.stdout, new RegExp(`${relay.nodeId} +${status.config_version} \\(current\\)`));
  assert.match(words.stdout, new RegExp(`edge +${vsId} +${smtpPort} +listening`));
  assert.match(words.stdout, /Queue: \d+ fresh, \d+ deferred\n$/);
});

test('an https:// endpoint is trusted through --ca-file (or SMTP_RELAY_CA_FILE), and refused without it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'operator-cli-tls-'));
  const { tls, caPem } = loopbackTls();
  const files = { cert: join(dir, 'api.pem'), key: join(dir, 'api.key'), ca: join(dir, 'ca.pem') };
  writeFileSync(files.cert, tls.cert);
  writeFileSync(files.key, tls.key);
  writeFileSync(files.ca, caPem);
  const secure = await startTestRelay({ apiTls: { certFile: files.cert, keyFile: files.key } });
  t.after(() => secure.dispose());
  const tlsEnv = { SMTP_RELAY_ENDPOINT: secure.apiUrl, SMTP_RELAY_TOKEN: secure.token };
  const [withCa, withEnvCa, without] = await Promise.all([
    runCli(['queue', 'ls', '--ca-file', files.ca, '--output', 'json'], { env: tlsEnv }),
    runCli(['queue', 'ls', '--output', 'json'], { env: { ...tlsEnv, SMTP_RELAY_CA_FILE: files.ca } }),
    runCli(['queue', 'ls'], { env: tlsEnv }),
  ]);
  assert.equal(withCa.status, 0, withCa.stderr);
  assert.deepEqual(withCa.json(), { items: [], total: 0 });
  assert.equal(withEnvCa.status, 0, withEnvCa.stderr);
  assert.equal(without.status, 3);
  assert.match(without.stderr, /cannot reach the management API: .*(certificate|UNABLE_TO_VERIFY|SELF_SIGNED)/i);
});
