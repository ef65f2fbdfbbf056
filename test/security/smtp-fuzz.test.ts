// SMTP robustness against hostile clients: seeded random commands, NUL bytes, 1 MB lines, pipelining floods,
// garbage AUTH, bare LF, DATA without end, thousands of RCPT and slowloris, while a normal client keeps being served.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { readdirSync } from 'node:fs';
import { SmtpDialog } from '../data-plane/smtp-dialog.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { hostileRelay, rssKiB } from './hostile-relay.ts';
import { fuzzSeed, Prng } from './prng.ts';
import { exchange, improper, type Answer } from './reply-check.ts';

const soak = process.env.RELIABILITY_SIZE === 'soak';
/** Growth of the relay's RSS the whole run may cause (1 MB lines and floods included). */
const rssBoundKiB = 96 * 1024;
const normalClient = '127.0.0.50';

interface Tally {
  cases: number;
  problems: string[];
}

function record(tally: Tally, name: string, a: Answer, command = ''): void {
  tally.cases += 1;
  const why = improper(a, command);
  if (why) tally.problems.push(`${name}: ${why}`);
}

async function open(port: number, localAddress = '127.0.0.1'): Promise<SmtpDialog> {
  const { dialog, greeting } = await SmtpDialog.open('127.0.0.1', port, localAddress);
  assert.equal(greeting.code, 220, greeting.line);
  return dialog;
}

const verbs = ['HELO', 'EHLO', 'MAIL FROM:', 'RCPT TO:', 'DATA', 'RSET', 'NOOP', 'VRFY', 'EXPN', 'HELP', 'AUTH', 'STARTTLS',
  'BDAT', 'ETRN', 'TURN', 'XCLIENT', 'XFORWARD', 'SIZE', 'mail from:', 'RCPT', 'MAIL', 'EHLO\t', ''];
const fragments = ['<', '>', '@', '%', '!', '"', '\\', ':', '[', ']', '[IPv6:::1]', '<>', ' ', '\t', 'SIZE=', 'BODY=8BITMIME',
  'SMTPUTF8', 'AUTH=<>', '..', 'é', '\u202e', '\x7f', '\x1b[2J', 'a'.repeat(300), '=?utf-8?b?AA==?=', '\r', '\0'];

/** One random command line (without CRLF): a verb or not, then random fragments and bytes. */
function randomCommand(rng: Prng): Buffer {
  const parts: Buffer[] = [Buffer.from(rng.pick(verbs))];
  for (let n = rng.int(6); n > 0; n--) {
    parts.push(rng.next() < 0.7 ? Buffer.from(rng.pick(fragments), 'utf8') : rng.bytes(1 + rng.int(20)));
  }
  // A CR or LF inside the line would end it early; the other cases cover bare LF and CR on purpose.
  return Buffer.from(Buffer.concat(parts).filter((b) => b !== 0x0a && b !== 0x0d));
}

/** Random commands one at a time, reconnecting whenever the server closes. */
async function randomCommands(port: number, rng: Prng, count: number, tally: Tally): Promise<void> {
  let dialog = await open(port);
  try {
    for (let i = 0; i < count; i++) {
      if (dialog.isClosed) dialog = await open(port);
      const line = randomCommand(rng);
      // A bare DATA after a lucky RCPT would wait for a message: that is the "DATA without end" case.
      if (/^DATA\s*$/i.test(line.toString('latin1'))) continue;
      const text = line.toString('latin1');
      record(tally, `random #${i} ${JSON.stringify(text.slice(0, 60))}`, await exchange(dialog, Buffer.concat([line, Buffer.from('\r\n')])), text);
    }
  } finally {
    dialog.close();
  }
}

/** Sends `lines` one by one on a fresh connection (EHLO first), recording each answer; returns the answers. */
async function scripted(port: number, name: string, lines: Array<string | Buffer>, tally: Tally, localAddress?: string): Promise<Answer[]> {
  const dialog = await open(port, localAddress);
  try {
    const answers: Answer[] = [];
    for (const [i, line] of lines.entries()) {
      const a = await exchange(dialog, typeof line === 'string' ? `${line}\r\n` : line);
      record(tally, `${name} #${i}`, a, line.toString('latin1'));
      answers.push(a);
    }
    return answers;
  } finally {
    dialog.close();
  }
}

/**
 * Writes the head lines and `count` generated lines in one go, then reads every reply (or the close) with an
 * incremental parser (the line-by-line dialog re-splits its buffer per read: quadratic in a flood). Returns the codes.
 */
function pipelined(port: number, name: string, head: string[], line: (i: number) => string, count: number, tally: Tally): Promise<number[]> {
  const batch = [...head, ...Array.from({ length: count }, (_, i) => line(i))];
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const codes: number[] = [];
    let partial = '';
    let greeted = false;
    let finished = false;
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`${name}: ${codes.length} of ${batch.length} replies after 60 s`)); }, 60_000);
    const done = () => { finished = true; clearTimeout(timer); socket.destroy(); resolve(codes); };
    socket.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('latin1')).split('\r\n');
      partial = lines.pop() ?? '';
      for (const reply of lines.filter((l) => /^\d{3}(?: |$)/.test(l))) {
        if (!greeted) {
          greeted = true;
          socket.write(batch.map((l) => `${l}\r\n`).join(''));
          continue;
        }
        const i = codes.length;
        record(tally, `${name} #${i}`, { code: Number(reply.slice(0, 3)), text: reply.slice(4), line: reply }, batch[i]);
        codes.push(Number(reply.slice(0, 3)));
        if (codes.length === batch.length) return done();
      }
    });
    socket.once('close', () => { if (!finished) { record(tally, `${name} close`, 'closed'); done(); } });
    socket.once('error', () => undefined);
  });
}

/** Sends one byte per second from `localAddress`; resolves with the seconds until the server closed (or `maxSeconds`). */
function slowloris(port: number, localAddress: string, maxSeconds: number): Promise<{ seconds: number; closedByServer: boolean; received: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    const text = Buffer.from('EHLO slowloris.example\r\nMAIL FROM:<slow@far.example>\r\n');
    const started = Date.now();
    let sent = 0;
    let received = '';
    let ticker: NodeJS.Timeout | undefined;
    const finish = (closedByServer: boolean) => {
      clearInterval(ticker);
      clearTimeout(limit);
      socket.destroy();
      resolve({ seconds: (Date.now() - started) / 1000, closedByServer, received });
    };
    const limit = setTimeout(() => finish(false), maxSeconds * 1000);
    socket.on('data', (chunk) => { received += chunk.toString('latin1'); });
    socket.once('close', () => finish(true));
    socket.once('error', () => undefined);
    socket.once('connect', () => {
      ticker = setInterval(() => { if (!socket.destroyed) socket.write(text.subarray(sent % text.length, (sent++ % text.length) + 1)); }, 1000);
    });
  });
}

/** A normal client sending one message every `everyMs` until stopped; each must get 250 and reach the sink. */
function normalTraffic(port: number, everyMs: number) {
  const outcomes: string[] = [];
  let stopped = false;
  const loop = (async () => {
    for (let n = 0; !stopped; n++) {
      let dialog: SmtpDialog | undefined;
      try {
        dialog = await open(port, normalClient);
        const replies = [await dialog.command('EHLO normal.example'), await dialog.command('MAIL FROM:<normal@sender.example>'),
          await dialog.command(`RCPT TO:<normal-${n}@far.example>`), await dialog.command('DATA'),
          await dialog.send(`Message-ID: <normal-${n}@sender.example>\r\nSubject: normal ${n}\r\n\r\nstill served\r\n.\r\n`)];
        outcomes.push(replies[4].line);
        await dialog.command('QUIT').catch(() => undefined);
      } catch (error) {
        outcomes.push(`failed: ${(error as Error).message}`);
      } finally {
        dialog?.close();
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return { outcomes, stop: async () => { stopped = true; await loop; } };
}

test('hostile SMTP clients get proper replies or a close, memory stays bounded and a normal client keeps being served', { timeout: soak ? 900_000 : 120_000 }, async (t) => {
  const seed = fuzzSeed();
  t.diagnostic(`fuzz seed ${seed} (replay with FUZZ_SEED=${seed})${soak ? ', soak size' : ''}`);
  const rng = new Prng(seed);
  const relay = await startTestRelay({ mode: 'child-process' });
  t.after(() => relay.dispose());
  const h = await hostileRelay(t, relay);
  const timeoutSeconds = 5;
  const vs = await h.createServer({
    local_domains: ['local.example'],
    authentication: { anonymous: true, basic: true, basic_default_domain: 'CORP', integrated: true },
    limits: { connection_timeout_seconds: timeoutSeconds, max_recipients_per_message: 100, max_connections: 500 },
  });
  await h.expect(201, 'POST', `/v1/virtual-servers/${vs.id}/relay-rules`, { ip_address: normalClient });
  await h.expect(201, 'POST', '/v1/accounts', { name: 'alice', domain: 'CORP', password_wo: 'fuzz-account-password', password_wo_version: 1 });
  const tally: Tally = { cases: 0, problems: [] };

  // Warm up (JIT, first connections, the first delivery) before the baseline is taken.
  await scripted(vs.port, 'warm-up', ['EHLO warm.example', 'MAIL FROM:<w@far.example>', 'RCPT TO:<w@local.example>', 'DATA', 'Subject: w\r\n\r\nw\r\n.', 'QUIT'], tally);
  const rssBefore = rssKiB(h.relay.pid);
  const normal = normalTraffic(vs.port, 300);
  t.after(() => normal.stop());

  await randomCommands(vs.port, rng, soak ? 5000 : 400, tally);

  const nul = await scripted(vs.port, 'NUL bytes', ['EHLO nul\0.example', 'MAIL FROM:<a\0b@far.example>', 'RCPT TO:<x\0@local.example>', '\0\0\0\0', 'NOOP\0'], tally);
  assert.ok(nul.every((a) => a === 'closed' || a.code >= 400 || a.code === 250), 'NUL bytes are refused or ignored');

  for (const [name, line] of [['1 MB line', `${'A'.repeat(1 << 20)}\r\n`], ['1 MB without a line end', 'B'.repeat(1 << 20)],
    ['1 MB MAIL FROM', `MAIL FROM:<${'c'.repeat(1 << 20)}@far.example>\r\n`]] as const) {
    const [, a] = await scripted(vs.port, name, ['EHLO big.example', Buffer.from(line)], tally);
    assert.ok(a === 'closed' || a.code >= 400, `${name}: ${a === 'closed' ? a : a.line}`);
  }

  const garbageAuth = ['AUTH PLAIN !!!notbase64!!!', `AUTH PLAIN ${Buffer.from('\0\0').toString('base64')}`, 'AUTH PLAIN ====',
    `AUTH PLAIN ${rng.bytes(3000).toString('base64')}`, 'AUTH LOGIN', '%%%', 'AUTH CRAM-MD5', Buffer.from('x'.repeat(50)).toString('base64'),
    `AUTH XOAUTH2 ${Buffer.from('user=\x01auth=Bearer \x01\x01').toString('base64')}`, `AUTH XOAUTH2 ${rng.bytes(200).toString('base64')}`, 'AUTH BOGUS AAAA'];
  const authAnswers = await scripted(vs.port, 'garbage AUTH', ['EHLO auth.example', ...garbageAuth], tally, '127.0.1.1');
  assert.ok(authAnswers.slice(1).every((a) => a === 'closed' || a.code !== 235), 'garbage never authenticates');

  const bareLf = await scripted(vs.port, 'bare LF', ['EHLO lf.example\nMAIL FROM:<lf@far.example>\n', 'RCPT TO:<lf@local.example>\n'], tally);
  assert.ok(bareLf.every((a) => a !== 'closed'), 'bare LF commands are answered');
  // SMTP smuggling: a bare-LF "end of data" must not end the message and start a second, smuggled one.
  const dropsBefore = readdirSync(vs.drop_directory).length;
  const smuggle = await scripted(vs.port, 'smuggling', ['EHLO smuggle.example', 'MAIL FROM:<s@far.example>', 'RCPT TO:<s@local.example>', 'DATA',
    Buffer.from('Subject: one\r\n\r\nbody\n.\nMAIL FROM:<evil@far.example>\r\nRCPT TO:<victim@elsewhere.example>\r\nDATA\r\nsmuggled\r\n.\n\r\n.\r\n')], tally);
  const last = smuggle[smuggle.length - 1];
  assert.ok(last !== 'closed' && last.code === 250, `the whole thing is one message: ${JSON.stringify(last)}`);
  assert.equal(readdirSync(vs.drop_directory).length, dropsBefore + 1, 'exactly one message was stored');

  const rcpts = await pipelined(vs.port, 'RCPT flood', ['EHLO many.example', 'MAIL FROM:<many@far.example>'], (i) => `RCPT TO:<u${i}@local.example>`, soak ? 20_000 : 3000, tally);
  assert.equal(rcpts.filter((c) => c === 250).length, 102, 'EHLO, MAIL and max_recipients_per_message recipients accepted');
  assert.ok(rcpts.slice(102).every((c) => c === 452), 'the rest get 452 4.5.3');

  const noops = await pipelined(vs.port, 'pipelining flood', ['EHLO flood.example'], () => 'NOOP', soak ? 50_000 : 5000, tally);
  assert.ok(noops.length > 0 && noops.every((c) => c === 250 || c >= 400), 'every pipelined command is answered in order until a refusal');

  // A flood the client never reads: the relay must stop reading too (back-pressure) instead of buffering replies.
  const deaf = connect({ host: '127.0.0.1', port: vs.port });
  deaf.pause();
  deaf.on('error', () => undefined);
  const flood = Buffer.from('NOOP\r\n'.repeat(1 << 16));
  for (let i = 0; i < (soak ? 64 : 16); i++) deaf.write(flood);
  await new Promise((r) => setTimeout(r, 1000));
  tally.cases += 1;
  deaf.destroy();

  // DATA without end: the idle timeout closes it and nothing is stored.
  const dropsBeforeStall = readdirSync(vs.drop_directory).length;
  const stalled = await open(vs.port);
  for (const line of ['EHLO stall.example', 'MAIL FROM:<s@far.example>', 'RCPT TO:<s@local.example>', 'DATA']) await stalled.command(line);
  stalled.send('Subject: never ends\r\n\r\npartial').catch(() => undefined);
  const stallStarted = Date.now();
  assert.ok(await stalled.waitClosed((timeoutSeconds + 5) * 1000), 'DATA without end is timed out');
  t.diagnostic(`DATA without end closed after ${Date.now() - stallStarted} ms`);
  tally.cases += 1;
  assert.equal(readdirSync(vs.drop_directory).length, dropsBeforeStall, 'a message without its end is not stored');

  const slow = await Promise.all(Array.from({ length: soak ? 100 : 20 }, () => slowloris(vs.port, '127.0.0.60', timeoutSeconds + 8)));
  tally.cases += slow.length;
  for (const s of slow) {
    assert.ok(s.closedByServer, `a slowloris connection was still open after ${s.seconds} s: ${s.received}`);
    assert.ok(s.seconds <= timeoutSeconds + 3, `slowloris closed only after ${s.seconds} s`);
    assert.match(s.received, /\r\n421 4\.4\.2 /, 'the slowloris client is told why');
  }
  t.diagnostic(`slowloris: ${slow.length} connections at 1 byte/s closed after at most ${Math.max(...slow.map((s) => s.seconds)).toFixed(1)} s`);

  await normal.stop();
  const rssAfter = rssKiB(h.relay.pid);
  t.diagnostic(`fuzz cases sent: ${tally.cases}; relay RSS ${rssBefore} KiB before, ${rssAfter} KiB after (bound +${rssBoundKiB} KiB)`);
  t.diagnostic(`normal client: ${normal.outcomes.length} messages during the attack`);
  assert.deepEqual(tally.problems, [], 'every answer is a proper reply or a close');
  assert.ok(rssAfter - rssBefore <= rssBoundKiB, `RSS grew by ${rssAfter - rssBefore} KiB`);
  assert.ok(normal.outcomes.length >= 5, 'the normal client kept sending');
  assert.deepEqual(normal.outcomes.filter((o) => !/^250 2\.0\.0 Ok: queued as /.test(o)), [], 'every normal message got 250');
  await h.sink.waitFor(normal.outcomes.length, 15_000);
  assert.equal(h.sink.messages.filter((m) => m.from === 'normal@sender.example').length, normal.outcomes.length, 'every normal message was delivered');
  assert.equal((await fetch(`${h.relay.apiUrl}/healthz`)).status, 200, 'the relay is still up');
});
