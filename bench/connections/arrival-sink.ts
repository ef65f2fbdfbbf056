// The connections benchmark's far end: a minimal SMTP sink that greets at once and notes when each Message-ID arrives.
//
// test/support/smtp-sink.ts runs smtp-server, which holds every greeting 100 ms to catch early talkers: the relay reuses
// its delivery connections and hardly pays that, Postfix opens one per message when mail comes one at a time, so that
// sink would add 100 ms to Postfix's e2e alone. This one answers every command at once (as Postfix's smtp-sink does).
import { createServer, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export class ArrivalSink {
  /** Message-ID (without <>) -> performance.now() when the end of its DATA arrived. */
  private readonly arrivals = new Map<string, number>();
  private readonly waiters = new Map<string, (at: number) => void>();
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server, readonly port: number) {}

  /** Listens on a free port of 127.0.0.1. */
  static async start(): Promise<ArrivalSink> {
    let sink: ArrivalSink | null = null;
    const server = createServer((socket) => sink?.session(socket));
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    const address = server.address();
    sink = new ArrivalSink(server, typeof address === 'object' && address ? address.port : 0);
    return sink;
  }

  /** When the message `messageId` arrived (performance.now()); rejects after `timeoutMs` without it. */
  arrival(messageId: string, timeoutMs: number): Promise<number> {
    const at = this.arrivals.get(messageId);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.waiters.delete(messageId); reject(new Error('not at the sink in time')); }, timeoutMs);
      this.waiters.set(messageId, (arrived) => { clearTimeout(timer); resolve(arrived); });
    });
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private arrived(message: string): void {
    const at = performance.now();
    const id = /^Message-ID:\s*<([^>\r\n]+)>/im.exec(message.slice(0, message.indexOf('\r\n\r\n') + 2))?.[1];
    if (!id) return;
    this.arrivals.set(id, at);
    this.waiters.get(id)?.(at);
    this.waiters.delete(id);
  }

  private session(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setNoDelay(true);
    socket.setEncoding('latin1');
    socket.write('220 sink.bench.test ESMTP\r\n');
    let buffer = '';
    let inData = false;
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const replies: string[] = [];
      for (;;) {
        if (inData) {
          const end = buffer.startsWith('.\r\n') ? 0 : buffer.indexOf('\r\n.\r\n');
          if (end < 0) break;
          this.arrived(buffer.slice(0, end + 2));
          buffer = buffer.slice(end === 0 ? 3 : end + 5);
          inData = false;
          replies.push('250 2.0.0 Ok: queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) break;
        const verb = buffer.slice(0, eol).slice(0, 4).toUpperCase();
        buffer = buffer.slice(eol + 2);
        if (verb === 'EHLO') replies.push('250-sink.bench.test\r\n250-PIPELINING\r\n250 8BITMIME');
        else if (verb === 'DATA') { inData = true; replies.push('354 End data with <CR><LF>.<CR><LF>'); }
        else if (verb === 'QUIT') { socket.end('221 2.0.0 Bye\r\n'); return; }
        else if (['HELO', 'MAIL', 'RCPT', 'RSET', 'NOOP'].includes(verb)) replies.push('250 2.0.0 Ok');
        else replies.push('502 5.5.2 Command not recognized');
      }
      if (replies.length) socket.write(`${replies.join('\r\n')}\r\n`);
    });
  }
}
