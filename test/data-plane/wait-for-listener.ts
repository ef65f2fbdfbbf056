// Waits until a TCP port accepts connections (a listener was just created or restarted by a config change).
import { connect } from 'node:net';

/** Resolves once host:port accepts a TCP connection; rejects after `timeoutMs`. Returns how long it took. */
export async function waitForListener(port: number, host = '127.0.0.1', timeoutMs = 5000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect({ port, host });
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (up) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
}

/** Resolves once host:port refuses connections (the listener was closed); rejects after `timeoutMs`. */
export async function waitForClosed(port: number, host = '127.0.0.1', timeoutMs = 5000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const down = await new Promise<boolean>((resolve) => {
      const socket = connect({ port, host });
      socket.once('connect', () => { socket.destroy(); resolve(false); });
      socket.once('error', () => resolve(true));
    });
    if (down) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${host}:${port} still accepts connections after ${timeoutMs} ms`);
}
