// Sustained SMTP load from several connections that records exactly which Message-IDs the relay accepted with 250.
import { SmtpDialog } from '../data-plane/smtp-dialog.ts';

export interface LoadOptions {
  port: number;
  /** Messages to get accepted with 250 in total. */
  total: number;
  /** Connections sending at the same time. */
  concurrency: number;
  /** Message-IDs are `<tag>-<n>.<attempt>@load.test`: a retried message gets a new ID, so every ID is sent once. */
  tag: string;
  recipient: string;
  /** Give up (reject) when not done by then. */
  timeoutMs: number;
  /** Called after every 250 with the number accepted so far (e.g. to kill the relay at a chosen moment). */
  onAccepted?: (accepted: number) => void;
}

/** What the clients saw. */
export interface LoadTally {
  /** Message-IDs (without brackets) answered 250, in order. */
  accepted: string[];
  /** Message-IDs whose transaction broke before a final reply (connection lost): the relay may or may not have them. */
  unacknowledged: string[];
  /** Final replies other than 250, by reply line. */
  refused: Map<string, number>;
}

function message(id: string, recipient: string, n: number): string {
  const body = `Message ${n} of a reliability run.\r\n${'x'.repeat(64 + (n % 7) * 100)}\r\n`;
  return [`From: <load@client.test>`, `To: <${recipient}>`, `Subject: load ${n}`, `Message-ID: <${id}>`,
    'Date: Sun, 29 Nov 2026 09:00:00 +0000', '', body].join('\r\n');
}

/** Sends until `total` messages got 250; a broken connection is reopened, a 4xx or lost reply is retried with a new ID. */
export async function runLoad(options: LoadOptions): Promise<LoadTally> {
  const tally: LoadTally = { accepted: [], unacknowledged: [], refused: new Map() };
  const deadline = Date.now() + options.timeoutMs;
  let next = 0;
  let attempts = 0;
  const pending: number[] = [];

  async function worker(): Promise<void> {
    let dialog: SmtpDialog | null = null;
    for (;;) {
      const n = pending.shift() ?? (next < options.total ? next++ : -1);
      if (n < 0) break;
      if (Date.now() > deadline) throw new Error(`load: only ${tally.accepted.length} of ${options.total} accepted within ${options.timeoutMs} ms`);
      const id = `${options.tag}-${n}.${attempts++}@load.test`;
      let inTransaction = false;
      try {
        if (!dialog || dialog.isClosed) {
          dialog?.close();
          dialog = null;
          const opened = await SmtpDialog.open('127.0.0.1', options.port);
          dialog = opened.dialog;
          if (opened.greeting.code !== 220) throw new Error(opened.greeting.line);
          if ((await dialog.command('EHLO load.test')).code !== 250) throw new Error('EHLO refused');
        }
        const mail = await dialog.command('MAIL FROM:<load@client.test>');
        const rcpt = mail.code === 250 ? await dialog.command(`RCPT TO:<${options.recipient}>`) : mail;
        const data = rcpt.code === 250 ? await dialog.command('DATA') : rcpt;
        let final = data;
        if (data.code === 354) {
          inTransaction = true;
          final = await dialog.send(`${message(id, options.recipient, n).replace(/^\./gm, '..')}.\r\n`);
          inTransaction = false;
        }
        if (final.code === 250) {
          tally.accepted.push(id);
          options.onAccepted?.(tally.accepted.length);
          continue;
        }
        tally.refused.set(final.line, (tally.refused.get(final.line) ?? 0) + 1);
        if (final.code >= 500) throw Object.assign(new Error(`permanent refusal: ${final.line}`), { permanent: true });
        await dialog.command('RSET');
        pending.push(n);
      } catch (error) {
        if ((error as { permanent?: boolean }).permanent) throw error;
        if (inTransaction) tally.unacknowledged.push(id);
        dialog?.close();
        dialog = null;
        pending.push(n);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    if (dialog && !dialog.isClosed) await dialog.command('QUIT').catch(() => undefined);
    dialog?.close();
  }

  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return tally;
}
