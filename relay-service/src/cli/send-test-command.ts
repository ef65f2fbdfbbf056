// `smtp-relay send-test`: one test message through a relay's SMTP listener (nodemailer), its queue id from the 250 reply, and with --wait its fate through the API.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { QueuedMessageJson } from '@relayform/schema/api-wire-types.ts';
import type { CommandContext, OperatorCommand } from './command.ts';
import { stringFlag, writeJson } from './command.ts';
import { CliError, exitCodes, usageError } from './exit-codes.ts';

/** What send-test reports (the JSON answer; the table form prints the same). */
interface SendTestResult {
  queue_id: string | null;
  response: string;
  accepted: string[];
  rejected: string[];
  /** With --wait: the last state seen through the API and how it ended. */
  wait?: { outcome: 'left_queue' | 'failed' | 'timeout'; last_seen: QueuedMessageJson | null };
}

function serverFlag(context: CommandContext): { host: string; port: number } {
  const value = stringFlag(context, 'server');
  if (value === undefined) throw usageError('--server HOST:PORT is required');
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
  if (!match || Number(match[3]) > 65535) throw usageError(`--server must be HOST:PORT, got "${value}"`);
  return { host: match[1] ?? match[2], port: Number(match[3]) };
}

/** The AUTH password: SMTP_RELAY_SEND_TEST_PASSWORD, else asked on the terminal; never a flag (it would show in ps). */
async function authPassword(context: CommandContext): Promise<string> {
  const fromEnv = context.io.env.SMTP_RELAY_SEND_TEST_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!context.io.interactive) throw usageError('--auth needs the password in SMTP_RELAY_SEND_TEST_PASSWORD (stdin is not a terminal to ask on)');
  return context.io.ask('SMTP password: ');
}

/** Follows the message through GET /v1/queue/{id} until it leaves the queue, a recipient fails, or `timeoutMs` passes; state changes go to stderr. */
async function follow(context: CommandContext, id: string, timeoutMs: number): Promise<NonNullable<SendTestResult['wait']>> {
  const deadline = Date.now() + timeoutMs;
  let last: QueuedMessageJson | null = null;
  let said = '';
  while (Date.now() < deadline) {
    let current: QueuedMessageJson | null;
    try {
      current = await context.api().json<QueuedMessageJson>('GET', `/v1/queue/${encodeURIComponent(id)}`);
    } catch (error) {
      if (error instanceof CliError && / answered 404:/.test(error.message)) return { outcome: 'left_queue', last_seen: last };
      throw error;
    }
    last = current;
    const state = `${current.state}, ${current.attempts} attempt(s)${current.last_error ? `, last error: ${current.last_error}` : ''}`;
    if (state !== said) context.io.stderr(`${id}: ${(said = state)}\n`);
    if (current.recipients.some((r) => r.status === 'failed')) return { outcome: 'failed', last_seen: current };
    await sleep(250);
  }
  return { outcome: 'timeout', last_seen: last };
}

const sendTest: OperatorCommand = {
  path: ['send-test'],
  summary: 'Send a test message through a relay\'s SMTP listener; print its queue id; --wait follows it until it leaves the queue',
  synopsis: '--server HOST:PORT --from A --to B [--to C...] [--starttls] [--auth USER] [--wait [--timeout SECONDS]]',
  details: 'The message is sent with nodemailer; the queue id comes from the relay\'s "250 2.0.0 Ok: queued as <id>" reply.\n' +
    '--auth USER: AUTH PLAIN/LOGIN with the password from SMTP_RELAY_SEND_TEST_PASSWORD (or asked on a terminal).\n' +
    '--wait: polls GET /v1/queue/{id} (needs the connection flags) and reports each state change on stderr. The relay keeps no\n' +
    'record of finished messages, so "left_queue" means delivered or bounced with a DSN to the sender (its log says which);\n' +
    'a recipient failing while others are still pending ends with "failed" (exit 5), as does a timeout.\n' +
    '--output json: {"queue_id", "response", "accepted", "rejected", "wait": {"outcome": "left_queue|failed|timeout", "last_seen"}}.',
  flags: {
    server: { type: 'string', value: 'HOST:PORT', description: 'The relay\'s SMTP listener' },
    from: { type: 'string', value: 'A', description: 'Envelope and From: sender' },
    to: { type: 'string', multiple: true, value: 'B', description: 'Recipient (repeat for several)' },
    subject: { type: 'string', value: 'TEXT', description: 'Subject (default: "smtp-relay send-test <time>")' },
    starttls: { type: 'boolean', description: 'Require STARTTLS before MAIL FROM' },
    'smtp-ca-file': { type: 'string', value: 'FILE', description: 'With --starttls: PEM CA certificate to verify the listener with (default: the system roots)' },
    insecure: { type: 'boolean', description: 'With --starttls: do not verify the listener\'s certificate' },
    auth: { type: 'string', value: 'USER', description: 'Authenticate as USER (password: SMTP_RELAY_SEND_TEST_PASSWORD)' },
    wait: { type: 'boolean', description: 'Follow the message through the API until it leaves the queue' },
    timeout: { type: 'string', value: 'SECONDS', description: 'With --wait: give up after this long (default 60; exit 5)' },
  },
  positionals: { min: 0, max: 0 },
  async run(context) {
    const server = serverFlag(context);
    const from = stringFlag(context, 'from');
    const to = (context.values.to as string[] | undefined) ?? [];
    if (from === undefined || to.length === 0) throw usageError('--from and --to are required');
    const timeoutText = stringFlag(context, 'timeout') ?? '60';
    if (!(Number(timeoutText) > 0)) throw usageError(`--timeout must be a positive number of seconds, got "${timeoutText}"`);
    const starttls = context.values.starttls === true;
    if (!starttls && (context.values.insecure || context.values['smtp-ca-file'])) throw usageError('--insecure and --smtp-ca-file go with --starttls');
    const caFile = stringFlag(context, 'smtp-ca-file');
    const user = stringFlag(context, 'auth');
    // Loaded here: the other operator commands do not need it.
    const { default: nodemailer } = await import('nodemailer');
    const transport = nodemailer.createTransport({
      host: server.host, port: server.port, secure: false, requireTLS: starttls, ignoreTLS: !starttls, name: hostname(),
      tls: { ...(caFile ? { ca: readFileSync(caFile, 'utf8') } : {}), rejectUnauthorized: context.values.insecure !== true },
      ...(user ? { auth: { user, pass: await authPassword(context) } } : {}),
      connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000,
    });
    let info: { response: string; accepted: Array<string | { address: string }>; rejected: Array<string | { address: string }> };
    try {
      info = await transport.sendMail({
        envelope: { from, to }, from, to, subject: stringFlag(context, 'subject') ?? `smtp-relay send-test ${new Date().toISOString()}`,
        text: `A test message sent by smtp-relay send-test from ${hostname()} at ${new Date().toISOString()}.\n`,
      });
    } catch (error) {
      const e = error as Error & { response?: string; code?: string };
      throw new CliError(`${server.host}:${server.port}: ${e.response ?? `${e.code ?? ''} ${e.message}`.trim()}`, exitCodes.smtp);
    } finally {
      transport.close();
    }
    const address = (a: string | { address: string }) => (typeof a === 'string' ? a : a.address);
    const result: SendTestResult = {
      queue_id: /queued as <?([^\s>]+)>?/i.exec(info.response)?.[1] ?? null, response: info.response,
      accepted: info.accepted.map(address), rejected: info.rejected.map(address),
    };
    if (context.output === 'table') context.io.stdout(`${info.response}\nqueue id: ${result.queue_id ?? '(not in the reply)'}\n`);
    if (context.values.wait === true) {
      if (!result.queue_id) throw new CliError('--wait: the 250 reply named no queue id to follow', exitCodes.outcome);
      result.wait = await follow(context, result.queue_id, Number(timeoutText) * 1000);
      if (context.output === 'table') {
        context.io.stdout({
          left_queue: 'left the queue: delivered, or bounced with a DSN to the sender (the relay log says which)\n',
          failed: `a recipient failed: ${result.wait.last_seen?.recipients.filter((r) => r.status === 'failed').map((r) => `${r.address} (${r.last_error})`).join(', ')}\n`,
          timeout: `still in the queue after ${timeoutText} s\n`,
        }[result.wait.outcome]);
      }
    }
    if (context.output === 'json') writeJson(context, result);
    return result.wait && result.wait.outcome !== 'left_queue' ? exitCodes.outcome : exitCodes.ok;
  },
};

/** The send-test command. */
export const sendTestCommands: OperatorCommand[] = [sendTest];
