// Drives the system's `openssl s_client -starttls smtp` against a listener: one handshake, or a client renegotiation.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** A TLS protocol the client is limited to (s_client's -tls1 ... -tls1_3). */
export type TlsProtocolFlag = '-tls1' | '-tls1_1' | '-tls1_2' | '-tls1_3';

/** A running s_client: its transcript (stdout and stderr, in arrival order) and its exit. */
interface SClient {
  child: ChildProcessWithoutNullStreams;
  transcript(): string;
  exited: Promise<number | null>;
}

function sClient(port: number, args: string[], killAfterMs: number): SClient {
  const child = spawn('openssl', ['s_client', '-starttls', 'smtp', '-connect', `127.0.0.1:${port}`, '-servername', 'relay.test', ...args]);
  let text = '';
  // A write after s_client exited (the server closed the session) is expected here, not an error.
  child.stdin.on('error', () => {});
  child.stdout.on('data', (chunk: Buffer) => { text += chunk.toString('latin1'); });
  child.stderr.on('data', (chunk: Buffer) => { text += chunk.toString('latin1'); });
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => { clearTimeout(timer); resolve(code); });
  });
  return { child, transcript: () => text, exited };
}

/**
 * One STARTTLS handshake with the client limited to `protocol` and offering only `suites` (an OpenSSL cipher string,
 * or TLS 1.3 suite names with -tls1_3); stdin is closed at once and the process killed after 5 s. Returns
 * "<protocol> <cipher>" when the handshake succeeded, "refused (<alert the server sent>)" when the server answered
 * with an alert, otherwise "failed: <transcript>" (client-side trouble, nothing listening, no STARTTLS).
 */
export async function opensslHandshake(port: number, protocol: TlsProtocolFlag, suites: string): Promise<string> {
  const client = sClient(port, [protocol, protocol === '-tls1_3' ? '-ciphersuites' : '-cipher', suites], 5000);
  client.child.stdin.end();
  await client.exited;
  const text = client.transcript();
  // "New, TLSv1.2, Cipher is X": the middle field is the cipher's own version; the session block names the protocol.
  const cipher = /^New, \S+, Cipher is (\S+)$/m.exec(text)?.[1];
  const negotiated = /^\s*Protocol\s*: (\S+)$/m.exec(text)?.[1] ?? (cipher?.startsWith('TLS_') ? 'TLSv1.3' : undefined);
  if (cipher && cipher !== '(NONE)') return `${negotiated} ${cipher}`;
  const alert = /:(?:sslv3|tlsv1) alert ([a-z ]+):/.exec(text)?.[1];
  return alert ? `refused (${alert})` : `failed: ${text}`;
}

/** What happened to a TLS 1.2 session whose client asked to renegotiate. */
export interface RenegotiationOutcome {
  /** A NOOP inside TLS was answered before the renegotiation: the session itself worked. */
  answeredBefore: boolean;
  /** A NOOP sent after the renegotiation request was answered: the session survived it. */
  answeredAfter: boolean;
  /** s_client exited by itself within 3 s of the request (it was not killed). */
  closed: boolean;
  transcript: string;
}

const noopReplies = (text: string) => text.match(/^250 2\.0\.0 OK$/gm)?.length ?? 0;

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return condition();
}

/**
 * TLS 1.2 session over STARTTLS: NOOP, then s_client's interactive "R" (client-initiated renegotiation), then NOOP
 * again. Bounded: every wait is at most 3 s and the process is killed after 10 s.
 */
export async function opensslRenegotiation(port: number): Promise<RenegotiationOutcome> {
  const client = sClient(port, ['-tls1_2', '-crlf'], 10_000);
  let exited = false;
  void client.exited.then(() => { exited = true; });
  const replies = () => noopReplies(client.transcript());
  try {
    await until(() => /^SSL-Session:/m.test(client.transcript()) || exited, 3000);
    const before = replies();
    client.child.stdin.write('NOOP\n');
    const answeredBefore = await until(() => replies() > before, 3000);
    client.child.stdin.write('R\n');
    await until(() => client.transcript().includes('RENEGOTIATING') || exited, 3000);
    const after = replies();
    if (!exited) client.child.stdin.write('NOOP\n');
    const answeredAfter = await until(() => replies() > after || exited, 3000) && replies() > after;
    const closed = await until(() => exited, 3000);
    return { answeredBefore, answeredAfter, closed, transcript: client.transcript() };
  } finally {
    if (!exited) client.child.kill('SIGKILL');
    await client.exited;
  }
}
