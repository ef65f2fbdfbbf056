// Checkpoints a SQLite WAL on a worker thread while its writer waits between two commits: the copy back into the
// database file and its fsyncs leave the event loop free, and the checkpoint still always completes.
import { Worker } from 'node:worker_threads';

interface Reply {
  id: number;
  ok: boolean;
  error?: string;
}

/** The process's one checkpoint thread, shared by its queue stores; unreferenced while it has nothing to answer. */
class CheckpointThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (reply: Reply) => void>();
  private nextId = 0;
  /** True once the thread has loaded SQLite and until it fails. */
  ready = false;

  constructor() {
    this.worker = new Worker(new URL('./wal-checkpoint-worker.mjs', import.meta.url));
    this.worker.on('message', (message: Reply | { ready: true }) => {
      if ('ready' in message) this.ready = true;
      else this.settle(message.id, message);
    });
    this.worker.on('error', (error) => this.fail(error.message));
    this.worker.on('exit', (code) => this.fail(`the checkpoint thread exited with code ${code}`));
    // After the listeners: adding a 'message' listener references the worker's port again.
    this.worker.unref();
  }

  ask(request: { op: 'checkpoint' | 'close'; key: string; file?: string }): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      // Referenced while an answer is outstanding, so that a store's close() can wait for it.
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, resolve);
      this.worker.postMessage({ ...request, id });
    });
  }

  private settle(id: number, reply: Reply): void {
    const done = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
    done?.(reply);
  }

  private fail(error: string): void {
    this.ready = false;
    if (shared === this) shared = null;
    for (const id of [...this.pending.keys()]) this.settle(id, { id, ok: false, error });
  }
}

let shared: CheckpointThread | null = null;
let nextKey = 0;

/**
 * Checkpoints one database on the process's checkpoint thread (started by the first store that opens, so that it
 * has loaded SQLite by the time a checkpoint is due). The caller must hold its own writes while checkpoint() runs:
 * a PASSIVE checkpoint that races a writer ends behind it every time, and the WAL is never restarted.
 */
export class WalCheckpointer {
  private readonly key = String(nextKey++);
  private readonly thread: CheckpointThread;
  private asked = false;

  constructor(private readonly databaseFile: string) {
    shared ??= new CheckpointThread();
    this.thread = shared;
  }

  /** Runs a checkpoint on the thread; false when the thread is not there (still starting, or failed) or the checkpoint failed. */
  async checkpoint(): Promise<boolean> {
    if (!this.thread.ready) return false;
    this.asked = true;
    return (await this.thread.ask({ op: 'checkpoint', key: this.key, file: this.databaseFile })).ok;
  }

  /** Closes this database's connection on the thread. */
  async close(): Promise<void> {
    if (this.asked && this.thread.ready) await this.thread.ask({ op: 'close', key: this.key });
  }
}
