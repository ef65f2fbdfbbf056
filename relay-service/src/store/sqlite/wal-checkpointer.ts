// Checkpoints a SQLite WAL on a worker thread: copying frames back into the database file, and the fsyncs that
// go with it, never block the event loop that serves SMTP sessions.
import { Worker } from 'node:worker_threads';

/** Queue writes between two checkpoints; SQLite's own auto-checkpoint (1000 WAL pages) comes at roughly this many. */
const writesPerCheckpoint = 250;

interface CheckpointResult {
  ok: boolean;
  error?: string;
}

/**
 * Runs `PRAGMA wal_checkpoint(PASSIVE)` on its own connection in a worker thread, one at a time, after every
 * `writesPerCheckpoint` writes the owner reports. The owner turns its connection's auto-checkpoint off while this
 * runs; `onFailure` hears when the worker cannot go on (it failed to open or a checkpoint threw), so the owner can
 * turn auto-checkpoint back on rather than let the WAL grow.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private writes = 0;
  private running = false;
  private failed = false;
  private closing: Promise<void> | null = null;
  private completed = 0;

  constructor(databaseFile: string, private readonly onFailure: (error: Error) => void) {
    this.worker = new Worker(new URL('./wal-checkpoint-worker.mjs', import.meta.url), { workerData: { file: databaseFile } });
    this.worker.unref();
    this.worker.on('message', (result: CheckpointResult) => {
      this.running = false;
      if (!result.ok) return this.fail(new Error(`WAL checkpoint failed: ${result.error}`));
      this.completed += 1;
      if (this.writes >= writesPerCheckpoint) this.request();
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (!this.closing) this.fail(new Error(`WAL checkpoint worker exited with code ${code}`));
    });
  }

  /** Checkpoints completed so far. */
  get checkpoints(): number {
    return this.completed;
  }

  /** Reports `n` committed writes; starts a checkpoint once enough have come in and none is running. */
  wrote(n: number): void {
    this.writes += n;
    if (!this.running && !this.failed && !this.closing && this.writes >= writesPerCheckpoint) this.request();
  }

  /** Lets a running checkpoint finish, then closes the worker's connection and stops the thread. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.failed) return resolve();
      this.worker.once('exit', () => resolve());
      this.worker.ref();
      this.worker.postMessage('close');
    });
    return this.closing;
  }

  private request(): void {
    this.running = true;
    this.writes = 0;
    this.worker.postMessage('checkpoint');
  }

  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = true;
    void this.worker.terminate();
    this.onFailure(error);
  }
}
