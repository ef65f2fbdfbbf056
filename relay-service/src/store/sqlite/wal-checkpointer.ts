// Checkpoints SQLite WALs on a worker thread: copying frames back into the database file, and the fsyncs that
// go with it, never block the event loop that serves SMTP sessions.
import { Worker } from 'node:worker_threads';

/** Queue writes between two checkpoints; SQLite's own auto-checkpoint (1000 WAL pages) comes at roughly this many. */
const writesPerCheckpoint = 250;

interface Request {
  op: 'checkpoint' | 'close';
  key: string;
  file?: string;
}

interface Reply {
  ok: boolean;
  error?: string;
}

/**
 * The process's one checkpoint thread, started by the first checkpoint any store asks for (a store that never
 * writes much never starts it) and kept, unreferenced while idle, for the life of the process.
 */
let thread: { worker: Worker; pending: Map<number, (reply: Reply) => void> } | null = null;
let nextRequestId = 0;
let nextKey = 0;

function ask(request: Request): Promise<Reply> {
  if (!thread) {
    const worker = new Worker(new URL('./wal-checkpoint-worker.mjs', import.meta.url));
    const started = { worker, pending: new Map<number, (reply: Reply) => void>() };
    const settle = (id: number, reply: Reply) => {
      const done = started.pending.get(id);
      started.pending.delete(id);
      if (started.pending.size === 0) worker.unref();
      done?.(reply);
    };
    worker.on('message', (reply: Reply & { id: number }) => settle(reply.id, reply));
    const lost = (error: string) => {
      if (thread === started) thread = null;
      for (const id of [...started.pending.keys()]) settle(id, { ok: false, error });
    };
    worker.on('error', (error) => lost(error.message));
    worker.on('exit', (code) => lost(`the checkpoint thread exited with code ${code}`));
    thread = started;
  }
  const { worker, pending } = thread;
  const id = nextRequestId++;
  return new Promise((resolve) => {
    // Referenced while a request is out, so a store's close() can wait for its answer.
    if (pending.size === 0) worker.ref();
    pending.set(id, resolve);
    worker.postMessage({ ...request, id });
  });
}

/**
 * Runs `PRAGMA wal_checkpoint(PASSIVE)` for one database on the checkpoint thread, one at a time, after every
 * `writesPerCheckpoint` writes the owner reports. The owner turns its connection's auto-checkpoint off while this
 * runs; `onFailure` hears when checkpoints fail (or the thread died), so the owner can turn auto-checkpoint back on
 * rather than let the WAL grow.
 */
export class WalCheckpointer {
  private readonly key = String(nextKey++);
  private writes = 0;
  private running = false;
  private failed = false;
  private closed = false;
  private asked = false;
  private completed = 0;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly databaseFile: string, private readonly onFailure: (error: Error) => void) {}

  /** Checkpoints completed so far. */
  get checkpoints(): number {
    return this.completed;
  }

  /** Reports `n` committed writes; starts a checkpoint once enough have come in and none is running. */
  wrote(n: number): void {
    this.writes += n;
    if (!this.running && !this.failed && !this.closed && this.writes >= writesPerCheckpoint) this.checkpoint();
  }

  /** Lets a running checkpoint finish, then closes this database's connection on the thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.inFlight;
    if (this.asked) await ask({ op: 'close', key: this.key });
  }

  private checkpoint(): void {
    this.running = true;
    this.asked = true;
    this.writes = 0;
    this.inFlight = ask({ op: 'checkpoint', key: this.key, file: this.databaseFile }).then((reply) => {
      this.running = false;
      if (!reply.ok) {
        this.failed = true;
        this.onFailure(new Error(`WAL checkpoint failed: ${reply.error}`));
        return;
      }
      this.completed += 1;
      if (!this.closed && this.writes >= writesPerCheckpoint) this.checkpoint();
    });
  }
}
