// A minimal SMTP client that times each reply: connect to greeting, and one command to its reply (the bench's real client).
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One reply: its code and how long after the command (or the connect) it arrived, in milliseconds. */
export interface TimedReply {
  code: number;
  ms: number;
}

/** One open SMTP session over plain TCP on loopback. */
export class SmtpProbe {
  private buffer = '';
  private waiting: ((code: number) => void) | null = null;

  private constructor(private readonly socket: Socket, private readonly timeoutMs: number) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      // A reply ends with a line "DDD text" (a space, not a hyphen, after the code).
      const match = /(?:^|\r\n)(\d{3}) [^\r\n]*\r\n$/.exec(this.buffer);
      if (match && this.waiting) {
        const settle = this.waiting;
        this.waiting = null;
        this.buffer = '';
        settle(Number(match[1]));
      }
    });
  }

  /**
   * Connects from `localAddress` (default 127.0.0.1) and waits for the greeting; `greeting.ms` covers the relay's connect
   * decision. Each reply (the greeting too) must arrive within `timeoutMs`; on a timeout the socket is closed.
   */
  static async open(port: number, localAddress = '127.0.0.1', timeoutMs = 30_000): Promise<{ probe: SmtpProbe; greeting: TimedReply }> {
    const started = performance.now();
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    socket.setNoDelay(true);
    const probe = new SmtpProbe(socket, timeoutMs);
    const code = await probe.reply();
    return { probe, greeting: { code, ms: performance.now() - started } };
  }

  /** Sends one command line and resolves with its reply. */
  async command(line: string): Promise<TimedReply> {
    const started = performance.now();
    const reply = this.reply();
    this.socket.write(`${line}\r\n`);
    const code = await reply;
    return { code, ms: performance.now() - started };
  }

  private reply(): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.destroy();
        reject(new Error(`SMTP reply timed out (${this.timeoutMs} ms)`));
      }, this.timeoutMs);
      const failed = (error: Error) => { clearTimeout(timer); reject(error); };
      this.socket.once('error', failed);
      this.waiting = (code) => {
        clearTimeout(timer);
        this.socket.off('error', failed);
        resolve(code);
      };
    });
  }

  /** QUIT and close. */
  async close(): Promise<void> {
    await this.command('QUIT').catch(() => undefined);
    this.socket.destroy();
  }
}
