// The production build (relay-service/dist/, `npm start`): it runs with no TypeScript loader at all, serves the API, accepts
// and delivers mail, and forks cluster workers that run the same built code; its source maps lead back to the sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { SourceMap } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { freePort } from '../support/free-port.ts';
import { relayOperator } from '../support/relay-operator.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { startTestRelay } from '../support/test-relay.ts';
import { waitForListener } from '../data-plane/wait-for-listener.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(repoRoot, 'relay-service', 'dist');
const guard = fileURLToPath(new URL('./typescript-guard.mjs', import.meta.url));

/** The direct children of `pid` with their command lines. */
function childrenOf(pid: number): { pid: number; args: string }[] {
  const out = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' }).stdout;
  return out.split('\n').filter(Boolean).map((line) => {
    const [, child, args] = /^\s*(\d+)\s+(.*)$/.exec(line)!;
    return { pid: Number(child), args };
  });
}

test('the guard this test relies on does refuse tsx and TypeScript sources', () => {
  for (const args of [['--import', guard, '--import', 'tsx', '-e', '0'], ['--import', guard, 'relay-service/src/node-id.ts']]) {
    const run = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    assert.notEqual(run.status, 0, `node ${args.join(' ')} should fail`);
    assert.match(run.stderr, /typescript-guard: refused/);
  }
});

test('the built relay, with tsx and .ts refused: API, SMTP accept and delivery through 2 workers running dist/worker-main.js', async (t) => {
  const logDir = mkdtempSync(join(tmpdir(), 'typescript-guard-'));
  t.after(() => rmSync(logDir, { recursive: true, force: true }));
  const guardLog = join(logDir, 'pids');
  const relay = await startTestRelay({
    mode: 'child-process', code: 'built', workers: 2, execArgv: ['--import', guard],
    env: { TYPESCRIPT_GUARD_LOG: guardLog, NODE_OPTIONS: '' },
  });
  t.after(() => relay.dispose());
  const sink = await startSmtpSink();
  t.after(() => sink.stop());

  const port = await freePort();
  const operator = relayOperator(relay.api, { smartHost: { host: '127.0.0.1', port: sink.port } });
  const server = await operator.createServer({ name: 'built', port });
  await operator.addRule('relay-rules', server.id, { cidr: '127.0.0.0/8' });
  // The workers bind it: on a busy machine their start takes seconds after the API answers.
  await waitForListener(port, '127.0.0.1', 30_000);
  // One connection per message, so the kernel hands them to both workers.
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true });
  const sent = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    transport.sendMail({ from: 'a@sender.test', to: `r${i}@far.test`, subject: `built ${i}`, text: 'built', messageId: `<built-${i}@sender.test>` })));
  assert.ok(sent.every((info) => /^250 2\.0\.0 Ok: queued as /.test(info.response)), JSON.stringify(sent.map((info) => info.response)));
  await sink.waitFor(20, 15_000);
  for (let i = 0; i < 20; i++) assert.equal(sink.countOf(`<built-${i}@sender.test>`), 1);
  const metrics = (await relay.api('GET', '/metrics', undefined, { authorization: '' })).text;
  const accepted = [...metrics.matchAll(/^smtp_messages_accepted_total(?:\{[^}]*\})? (\S+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
  assert.equal(accepted, 20, 'the workers accepted the mail (their counters reach the primary)');
  assert.doesNotMatch(relay.output(), /typescript-guard/);
  const workers = childrenOf(relay.pid).filter((child) => child.args.includes('worker-main'));
  assert.equal(workers.length, 2, JSON.stringify(childrenOf(relay.pid)));
  for (const worker of workers) {
    assert.match(worker.args, /relay-service\/dist\/worker-main\.js$/);
    assert.doesNotMatch(worker.args, /tsx/);
  }
  // Read now that both workers serve (the API answers before they are up). The SQLite checkpoint thread runs it too: same PID.
  const guarded = [...new Set(readFileSync(guardLog, 'utf8').split('\n').filter(Boolean).map(Number))].sort();
  assert.deepEqual(guarded, [relay.pid, ...workers.map((w) => w.pid)].sort(), 'the guard ran in the primary and in both workers');
});

test('the source maps name files that exist and lead a position in the bundle back to its TypeScript line', () => {
  const maps = readdirSync(dist).filter((name) => name.endsWith('.js.map'));
  assert.ok(maps.length >= 2, `maps in ${dist}: ${maps.join(' ')}`);
  for (const name of maps) {
    const map = JSON.parse(readFileSync(join(dist, name), 'utf8')) as { sources: string[] };
    for (const source of map.sources) assert.ok(existsSync(join(dist, source)), `${name}: ${source}`);
  }
  // What a stack trace through the built relay shows: the generated line of startDataPlane's definition, mapped by
  // Node's own source map reader, is its line in data-plane.ts.
  const sourceFile = join(repoRoot, 'relay-service', 'src', 'data-plane.ts');
  const sourceLine = readFileSync(sourceFile, 'utf8').split('\n').findIndex((line) => line.includes('function startDataPlane('));
  const bundle = readdirSync(dist).find((name) => name.endsWith('.js') && readFileSync(join(dist, name), 'utf8').includes('function startDataPlane('))!;
  const generated = readFileSync(join(dist, bundle), 'utf8').split('\n');
  const generatedLine = generated.findIndex((line) => line.includes('function startDataPlane('));
  const map = new SourceMap(JSON.parse(readFileSync(join(dist, `${bundle}.map`), 'utf8')));
  const entry = map.findEntry(generatedLine, generated[generatedLine].indexOf('function startDataPlane(')) as { originalSource: string; originalLine: number };
  assert.equal(join(dist, entry.originalSource), sourceFile);
  assert.equal(entry.originalLine, sourceLine);
});
