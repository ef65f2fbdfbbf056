// One SMTP transaction on a fresh connection, returning the relay's final reply (for tests that assert the code).
import { SmtpDialog, type Reply } from '../data-plane/smtp-dialog.ts';

/**
 * Sends one message to 127.0.0.1:`port` (a body of about `bodyBytes`); resolves with the first refusal or the reply to
 * the end of DATA; rejects when the connection breaks.
 */
export async function submit(port: number, from: string, to: string[], messageId: string, bodyBytes = 8): Promise<Reply> {
  const { dialog, greeting } = await SmtpDialog.open('127.0.0.1', port);
  try {
    if (greeting.code !== 220) return greeting;
    for (const line of ['EHLO submit.test', `MAIL FROM:<${from}>`, ...to.map((r) => `RCPT TO:<${r}>`)]) {
      const reply = await dialog.command(line);
      if (reply.code !== 250) return reply;
    }
    const data = await dialog.command('DATA');
    if (data.code !== 354) return data;
    const headers = [`From: <${from || 'mailer-daemon@client.test'}>`, `To: ${to.map((r) => `<${r}>`).join(', ')}`, 'Subject: reliability',
      `Message-ID: <${messageId}>`, 'Date: Sun, 29 Nov 2026 09:00:00 +0000'];
    const body = `${'Hello, this is a line of a test message.\r\n'.repeat(Math.ceil(bodyBytes / 42))}`;
    const final = await dialog.send(`${headers.join('\r\n')}\r\n\r\n${body}.\r\n`);
    await dialog.command('QUIT').catch(() => undefined);
    return final;
  } finally {
    dialog.close();
  }
}
