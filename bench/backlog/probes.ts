// What the backlog benchmark drives and watches: smtp-source runs, the counting sink, fresh mail, the greeting, RSS and the queue file.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SmtpDialog } from '../../test/data-plane/smtp-dialog.ts';
import type { SinkReply, SinkStats } from './sink.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Stops a child by its PID: SIGTERM, SIGKILL after `graceMs`; resolves once it exited. */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** The counting smart host (sink.ts) in its own process; not running = the smart host is down. */
export class Sink {
  private constructor(readonly child: ChildProcess) {}

  static async start(port: number): Promise<Sink> {
    const child = fork(new URL('./sink.ts', import.meta.url), [String(port)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await new Promise<void>((resolve, reject) => {
      child.once('message', (reply: SinkReply) => (reply.type === 'ready' ? resolve() : reject(new Error(`sink sent ${reply.type} first`))));
      child.once('exit', (code) => reject(new Error(`sink exited with ${code} before it listened on ${port}`)));
    });
    return new Sink(child);
  }

  stats(): Promise<SinkStats> {
    return new Promise((resolve) => {
      const listener = (reply: SinkReply) => {
        if (reply.type !== 'stats') return;
        this.child.off('message', listener);
        resolve(reply.stats);
      };
      this.child.on('message', listener);
      this.child.send({ type: 'stats' });
    });
  }

  /** Resolves once `count` distinct queued messages arrived (polls every `pollMs`); rejects after `timeoutMs`. */
  async waitUnique(count: number, timeoutMs: number, pollMs = 200): Promise<SinkStats> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const stats = await this.stats();
      if (stats.unique >= count) return stats;
      if (Date.now() > deadline) throw new Error(`the sink has ${stats.unique} of ${count} messages after ${timeoutMs / 1000} s`);
      await sleep(pollMs);
    }
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }
}

/** smtp-source (Debian postfix): `count` messages of `size` bytes over `conc` sessions; resolves once it exited with 0. */
export function smtpSource(port: number, count: number, size: number, conc: number, timeoutMs: number): Promise<void> {
  const args = ['-s', String(conc), '-m', String(count), '-l', String(size), '-M', 'bench.local', '-f', 'sender@bench.local',
    '-t', 'rcpt@example.com', `127.0.0.1:${port}`];
  return new Promise((resolve, reject) => {
    const source = spawn('smtp-source', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    source.stderr.on('data', (chunk) => (errors += chunk));
    const timer = setTimeout(() => source.kill('SIGKILL'), timeoutMs);
    source.once('error', reject);
    source.once('exit', (code, signal) => {
      clearTimeout(timer);
      // smtp-source exits 0 even after a refused transaction; a 4xx/5xx shows on stderr.
      if (code === 0 && !/\b[45]\d\d\b/.test(errors)) resolve();
      else reject(new Error(`smtp-source exited with ${code ?? signal}: ${errors.trim().slice(-300)}`));
    });
  });
}

/** One message through a new session; resolves with Date.now() when the relay answered 250 to the data. */
export async function sendOne(port: number, messageId: string): Promise<number> {
  const { dialog, greeting } = await SmtpDialog.open('127.0.0.1', port);
  try {
    if (greeting.code !== 220) throw new Error(`greeting ${greeting.line}`);
    for (const [line, code] of [['EHLO fresh.bench.local', 250], ['MAIL FROM:<fresh@bench.local>', 250], ['RCPT TO:<rcpt@example.com>', 250], ['DATA', 354]] as const) {
      const reply = await dialog.command(line);
      if (reply.code !== code) throw new Error(`${line}: ${reply.line}`);
    }
    const body = `From: <fresh@bench.local>\r\nTo: <rcpt@example.com>\r\nSubject: fresh\r\nMessage-ID: <${messageId}>\r\n\r\n${'f'.repeat(900)}\r\n.\r\n`;
    const reply = await dialog.send(body);
    if (reply.code !== 250) throw new Error(`data: ${reply.line}`);
    const at = Date.now();
    await dialog.command('QUIT').catch(() => undefined);
    return at;
  } finally {
    dialog.close();
  }
}

/** Fresh mail, one message every `intervalMs` until stop(): accept time per Message-ID, and send failures. */
export function freshMail(port: number, intervalMs: number, tag: string) {
  const accepted: Record<string, number> = {};
  const failures: string[] = [];
  let n = 0;
  const pending = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const id = `fresh-${tag}-${++n}@bench.local`;
    const sent = sendOne(port, id).then((at) => { accepted[id] = at; }, (err: Error) => { failures.push(err.message); })
      .finally(() => pending.delete(sent));
    pending.add(sent);
  }, intervalMs);
  return {
    accepted, failures,
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
    },
  };
}

/** Milliseconds from `since` until 127.0.0.1:port answers an SMTP greeting (220), polling every 10 ms. */
export async function untilGreeting(port: number, since: number, timeoutMs: number): Promise<number> {
  while (Date.now() - since < timeoutMs) {
    const greeted = await SmtpDialog.open('127.0.0.1', port).then(({ dialog, greeting }) => {
      dialog.close();
      return greeting.code === 220;
    }, () => false);
    if (greeted) return Date.now() - since;
    await sleep(10);
  }
  throw new Error(`no SMTP greeting on ${port} within ${timeoutMs / 1000} s`);
}

/** Resident set size of a live process in MB (VmRSS). */
export function rssMb(pid: number): number {
  const kb = /^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb ? Number(kb) / 1024 : NaN;
}

/** CPU milliseconds a live process has used so far, all its threads (utime + stime of /proc/<pid>/stat, 10 ms ticks). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The queue as the relay's SQLite file has it, read over a read-only connection of this process (no work for the relay). */
export interface QueueSample {
  fresh: number;
  deferred: number;
  /** Messages under a live lease: the active window (claimed or enqueued claimed, in delivery). */
  leased: number;
}

export class QueueFile {
  private readonly db: Database.Database;
  private readonly counts;
  private readonly leases;

  constructor(file: string) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    this.counts = this.db.prepare('SELECT state, COUNT(*) AS n FROM queue_messages GROUP BY state');
    this.leases = this.db.prepare('SELECT COUNT(*) AS n FROM queue_messages WHERE lease_expires_at > ?');
  }

  sample(): QueueSample {
    const rows = this.counts.all() as Array<{ state: string; n: number }>;
    const n = (state: string) => rows.find((r) => r.state === state)?.n ?? 0;
    return { fresh: n('fresh'), deferred: n('deferred'), leased: (this.leases.get(Date.now()) as { n: number }).n };
  }

  close(): void {
    this.db.close();
  }
}

/** One sample a second: relay RSS, and every other second the queue file's counts and live leases. */
export interface Sample extends Partial<QueueSample> {
  t: number;
  phase: string;
  rssMb: number;
}
