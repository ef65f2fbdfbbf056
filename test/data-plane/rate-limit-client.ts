// SMTP client steps for the rate limit tests: a session from a given source address, one message, and waiting for a window with room.
import assert from 'node:assert/strict';
import { SmtpDialog, type Reply } from './smtp-dialog.ts';

/** Credentials for AUTH PLAIN. */
export interface Login {
  user: string;
  password: string;
}

/**
 * A session from `from` (a loopback source address: 127.0.0.2, 127.0.0.3, ...) to `host:port` after EHLO, optionally
 * authenticated with AUTH PLAIN.
 */
export async function session(port: number, from: string, auth?: Login, host = '127.0.0.1'): Promise<SmtpDialog> {
  const { dialog, greeting } = await SmtpDialog.open(host, port, from);
  assert.equal(greeting.code, 220, greeting.line);
  assert.equal((await dialog.command('EHLO client.test')).code, 250);
  if (auth) {
    const reply = await dialog.command(`AUTH PLAIN ${Buffer.from(`\0${auth.user}\0${auth.password}`).toString('base64')}`);
    assert.equal(reply.code, 235, reply.line);
  }
  return dialog;
}

/**
 * One transaction on `dialog`: MAIL FROM `sender`, RCPT TO each of `recipients`, and DATA when at least one was accepted.
 * Returns MAIL's reply, each RCPT's reply and the DATA reply (null when not sent); RSET after a refused MAIL.
 */
export async function transaction(dialog: SmtpDialog, sender: string, recipients: string[]): Promise<{ mail: Reply; rcpt: Reply[]; data: Reply | null }> {
  const mail = await dialog.command(`MAIL FROM:<${sender}>`);
  if (mail.code !== 250) return { mail, rcpt: [], data: null };
  const rcpt: Reply[] = [];
  for (const recipient of recipients) rcpt.push(await dialog.command(`RCPT TO:<${recipient}>`));
  if (!rcpt.some((r) => r.code === 250)) {
    await dialog.command('RSET');
    return { mail, rcpt, data: null };
  }
  assert.equal((await dialog.command('DATA')).code, 354);
  return { mail, rcpt, data: await dialog.send('Subject: rate\r\n\r\nrate limit test\r\n.\r\n') };
}

/** One message in its own session from `from`: the MAIL reply, and whether the message was accepted with 250. */
export async function oneMessage(port: number, from: string, sender: string, recipient: string, auth?: Login, host = '127.0.0.1'): Promise<{ mail: Reply; accepted: boolean }> {
  const dialog = await session(port, from, auth, host);
  try {
    const { mail, data } = await transaction(dialog, sender, [recipient]);
    return { mail, accepted: data?.code === 250 };
  } finally {
    dialog.close();
  }
}

/** Waits, when the current fixed window of `windowMs` has less than `needMs` left, for the next one to start. */
export async function windowWithRoom(windowMs: number, needMs: number): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < needMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

/** The sum of a Prometheus counter's samples whose labels include every one of `labels`. */
export function counterTotal(metrics: string, name: string, labels: Record<string, string>): number {
  let total = 0;
  for (const [, labelText, value] of metrics.matchAll(new RegExp(`^${name}\\{([^}]*)\\} (\\S+)$`, 'gm'))) {
    if (Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) total += Number(value);
  }
  return total;
}
