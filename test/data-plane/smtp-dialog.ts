// A line-by-line SMTP client for tests that assert exact replies or need unusual TLS settings.
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions, type TLSSocket } from 'node:tls';

/** One SMTP reply: code and all its lines joined with "\n" (without the code prefixes). */
export interface Reply {
  code: number;
  text: string;
  /** The last line as sent, e.g. "550 5.7.1 Unable to relay". */
  line: string;
}

/** A client session; every read is bounded by a 10 s timeout. */
export class SmtpDialog {
  private buffer = '';
  private waiters: Array<() => void> = [];
  private closed = false;

  private constructor(private socket: Socket | TLSSocket) {
    this.attach(socket);
  }

  /** Connects (optionally from `localAddress`) and returns the dialog with the greeting read. */
  static async open(host: string, port: number, localAddress?: string): Promise<{ dialog: SmtpDialog; greeting: Reply }> {
    const socket = connectTcp({ host, port, localAddress });
    await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
    const dialog = new SmtpDialog(socket);
    return { dialog, greeting: await dialog.read() };
  }

  /** Sends a line and reads the reply. */
  async command(line: string): Promise<Reply> {
    this.socket.write(`${line}\r\n`);
    return this.read();
  }

  /** Sends raw bytes (a DATA body ending in CRLF.CRLF) and reads the reply. */
  async send(data: string | Buffer): Promise<Reply> {
    this.socket.write(data);
    return this.read();
  }

  /** STARTTLS then the TLS handshake with `options`; rejects when the handshake fails. */
  async startTls(options: ConnectionOptions = {}): Promise<TLSSocket> {
    const reply = await this.command('STARTTLS');
    if (reply.code !== 220) throw new Error(`STARTTLS refused: ${reply.line}`);
    this.socket.removeAllListeners('data');
    const secure = connectTls({ socket: this.socket as Socket, rejectUnauthorized: false, ...options });
    await new Promise<void>((resolve, reject) => { secure.once('secureConnect', resolve); secure.once('error', reject); });
    this.socket = secure;
    this.attach(secure);
    return secure;
  }

  /** True once the server closed the connection. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Waits up to `ms` for the server to close the connection. */
  async waitClosed(ms = 3000): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
  }

  async read(): Promise<Reply> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const lines = this.buffer.split('\r\n');
      // The last element is an incomplete line (or ''): a reply split across TCP segments is not complete yet.
      const end = lines.slice(0, -1).findIndex((l) => /^\d{3} /.test(l) || /^\d{3}$/.test(l));
      if (end >= 0) {
        this.buffer = lines.slice(end + 1).join('\r\n');
        const own = lines.slice(0, end + 1);
        return { code: Number(own[end].slice(0, 3)), text: own.map((l) => l.slice(4)).join('\n'), line: own[end] };
      }
      if (this.closed) throw new Error(`connection closed; unread: ${JSON.stringify(this.buffer)}`);
      if (Date.now() > deadline) throw new Error(`no reply within 10 s; unread: ${JSON.stringify(this.buffer)}`);
      await new Promise<void>((resolve) => { this.waiters.push(resolve); setTimeout(resolve, 100); });
    }
  }

  private attach(socket: Socket | TLSSocket): void {
    const wake = () => { const w = this.waiters; this.waiters = []; w.forEach((f) => f()); };
    socket.on('data', (chunk: Buffer) => { this.buffer += chunk.toString('latin1'); wake(); });
    socket.on('close', () => { this.closed = true; wake(); });
    socket.on('error', () => { this.closed = true; wake(); });
  }
}
