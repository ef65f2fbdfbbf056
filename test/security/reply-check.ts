// What every SMTP reply to hostile input must look like, and a read that treats a closed connection as an answer.
import type { Reply, SmtpDialog } from '../data-plane/smtp-dialog.ts';

/** A reply, or the server closing the connection instead of answering. */
export type Answer = Reply | 'closed';

/** Reads one reply; 'closed' when the server closed the connection (also a proper answer to garbage). */
export async function answer(dialog: SmtpDialog): Promise<Answer> {
  try {
    return await dialog.read();
  } catch (error) {
    if (dialog.isClosed || /connection closed/.test((error as Error).message)) return 'closed';
    throw error;
  }
}

/** Sends raw bytes and reads one reply (or notices the close). */
export async function exchange(dialog: SmtpDialog, data: string | Buffer): Promise<Answer> {
  if (dialog.isClosed) return 'closed';
  try {
    return await dialog.send(data);
  } catch (error) {
    if (dialog.isClosed || /connection closed/.test((error as Error).message)) return 'closed';
    throw error;
  }
}

/**
 * Null when `a` is a proper answer to `command`, else why not: a reply code 2xx-5xx and, on 4xx/5xx
 * (the listener advertises ENHANCEDSTATUSCODES), an RFC 3463 enhanced status of the same class.
 * A refused HELO/EHLO is exempt from the enhanced status: the extension is only in effect after an
 * EHLO succeeded (RFC 2034 section 3), and a new EHLO starts the session over.
 */
export function improper(a: Answer, command = ''): string | null {
  if (a === 'closed') return null;
  if (!/^[2-5]\d\d$/.test(String(a.code))) return `bad reply code: ${a.line}`;
  if (a.code < 400 || /^(?:HELO|EHLO)\b/i.test(command)) return null;
  const status = /^\d{3}[ -]([245])\.\d{1,3}\.\d{1,3} /.exec(a.line);
  if (!status) return `no enhanced status: ${a.line}`;
  if (status[1] !== String(a.code)[0]) return `enhanced status class differs from the code: ${a.line}`;
  return null;
}
