// Waits until a TCP port accepts connections (a listener was just created or restarted by a config change).
import { connect } from 'node:net';

/**
 * Resolves once host:port accepts a TCP connection; rejects after `timeoutMs`, naming the address. Returns how long it
 * took. The default is generous (a listener binds within a second, but a loaded 2-CPU machine has taken over 5 s) and
 * costs nothing when it binds at once; a test that asserts how fast it binds passes its own bound.
 */
export async function waitForListener(port: number, host = '127.0.0.1', timeoutMs = 30_000): Promise<number> {
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
