// The IIS drop format and its durable write: X-Sender and X-Receiver lines, then the message with CRLF line ends, as <id>.eml (temp file, fsync, rename, fsync of the directory).
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** The envelope a drop file starts with (IIS: one X-Sender line, one X-Receiver line per recipient). */
export interface DropEnvelope {
  sender: string;
  recipients: string[];
}

/**
 * `message` with every bare CR and bare LF made CRLF, as the outbound path does before DATA: whatever later feeds the
 * file to SMTP (an IIS pickup directory) sees only CRLF line ends, so `\n.\n`, `\r.\r\n` and the like cannot become an
 * end of data that hides a second message. Returns `message` itself when it has none.
 */
export function withCrlfLineEnds(message: Buffer): Buffer {
  const text = message.toString('latin1');
  return /\r(?!\n)|(?<!\r)\n/.test(text) ? Buffer.from(text.replace(/\r\n|\r|\n/g, '\r\n'), 'latin1') : message;
}

/**
 * Writes `<directory>/<id>.eml` in the IIS drop format so that readers only ever see a complete file, and the file
 * survives a crash once this resolves. The directory is created (0750) when missing. Used for mail to local_domains
 * by both the SMTP data hook and delivery (reports to local senders).
 */
export async function writeDropFile(directory: string, id: string, envelope: DropEnvelope, message: Buffer): Promise<string> {
  const header = [`X-Sender: ${envelope.sender}`, ...envelope.recipients.map((r) => `X-Receiver: ${r}`), ''].join('\r\n');
  const content = Buffer.concat([Buffer.from(header), withCrlfLineEnds(message)]);
  await mkdir(directory, { recursive: true, mode: 0o750 });
  const final = join(directory, `${id}.eml`);
  // A dot name with another extension: pickup software looking for *.eml ignores it.
  const temp = join(directory, `.${id}.tmp`);
  const file = await open(temp, 'wx', 0o640);
  try {
    await file.writeFile(content);
    await file.sync();
  } catch (error) {
    await file.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await file.close();
  await rename(temp, final);
  const dir = await open(directory, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
  return final;
}
