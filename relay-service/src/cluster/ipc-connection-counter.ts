// A worker's view of the connections per client IP: counted by the primary over every worker of the node, asked over IPC.
import type { ConnectionCounter } from '../smtp/connection-counts.ts';
import type { FromWorker, ToWorker } from './worker-messages.ts';

/**
 * Sends each open and close to the primary (worker-pool.ts, which keeps one ConnectionCounts with a worker slot as the
 * owner of each count) and resolves an open with its answer. Asked only for a virtual server with max_connections_per_ip
 * set: one IPC round trip at connect, none otherwise.
 */
export class IpcConnectionCounter implements ConnectionCounter {
  private nextId = 0;
  private readonly pending = new Map<number, (allowed: boolean) => void>();

  constructor(private readonly send: (message: FromWorker) => void) {}

  open(key: string, limit: number): Promise<boolean> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send({ type: 'relay:connection-open', id, key, limit });
    });
  }

  close(key: string): void {
    this.send({ type: 'relay:connection-close', key });
  }

  /** The primary's answer to an open. */
  answered(message: Extract<ToWorker, { type: 'relay:connection-opened' }>): void {
    this.pending.get(message.id)?.(message.allowed);
    this.pending.delete(message.id);
  }
}
