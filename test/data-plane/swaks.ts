// Runs the swaks SMTP client (Debian package) against a listener and returns its transcript.
import { spawn } from 'node:child_process';

export interface SwaksResult {
  exitCode: number | null;
  /** Full transcript: server lines start with "<-" (or "<~" inside TLS), client lines with "->"/"~>". */
  transcript: string;
}

/** Runs `swaks --server host:port --timeout 10 ...args`, killed after 20 s. Informational lines ("=== TLS started with cipher …") stay in. */
export function swaks(server: string, args: string[]): Promise<SwaksResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('swaks', ['--server', server, '--timeout', '10', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let transcript = '';
    child.stdout.on('data', (c: Buffer) => { transcript += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { transcript += c.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('error', reject);
    child.once('close', (exitCode) => { clearTimeout(timer); resolve({ exitCode, transcript }); });
  });
}

/** The server's reply lines (with "<-"/"<~" and "<**" stripped), for assertions. */
export function serverReplies(result: SwaksResult): string[] {
  return result.transcript.split('\n').filter((l) => /^\s*<(?:-|~|\*\*)/.test(l)).map((l) => l.replace(/^\s*<(?:-|~|\*\*)\s*/, ''));
}
