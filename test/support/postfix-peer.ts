// A throw-away Postfix instance on loopback (its own config and queue in a temp dir) that takes mail and holds it for inspection.
//
//   if (postfixSkip) test('needs Postfix', { skip: postfixSkip }, () => {});
//   const peer = await startPostfixPeer();            // smtpd on 127.0.0.1:<free port>, smtputf8_enable = yes
//   t.after(() => peer.stop());                        // `postfix -c DIR stop`, then its master PID is waited for (KILL after 10 s)
//   const [held] = await peer.waitForHeld(1);          // every accepted message stays in Postfix's hold queue
//   held.smtputf8; held.encoding; held.content;        // what Postfix recorded: SMTPUTF8 requested, BODY= (encoding=8bit), the message
//
// Nothing is delivered anywhere: every recipient triggers the HOLD access action, so each message Postfix accepted
// (durably, with 250) is kept as a queue file and read back with postcat. No DNS, no TLS, no chroot, no system
// instance touched: the config, queue and data directories and the log (postlogd, maillog_file) are all under DIR.
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.ts';
import { processAlive } from './process-alive.ts';

const run = promisify(execFile);
const postfix = '/usr/sbin/postfix';

/** Why Postfix peer tests cannot run here, or false. CI installs Postfix (.ci/run), so there it is never skipped. */
export const postfixSkip: string | false = existsSync(postfix) ? false : `Postfix is not installed (${postfix} is missing; apt-get install postfix)`;

/** One message in the peer's hold queue, as postcat shows it. */
export interface HeldMessage {
  queueId: string;
  sender: string;
  recipients: string[];
  /** The client asked for SMTPUTF8: the SMTPUTF8 flags of the size record have "requested" (bit 0) set. */
  smtputf8: boolean;
  /** The encoding smtpd recorded from MAIL FROM's BODY= ("8bit" for BODY=8BITMIME, "7bit"), null without BODY. */
  encoding: string | null;
  /** The message as queued, with the Received header Postfix added ("with UTF8SMTP" for an SMTPUTF8 session). */
  content: string;
  messageId: string | null;
}

/** A running peer; `stop()` must be called. */
export interface PostfixPeer {
  host: string;
  port: number;
  configDir: string;
  /** Postfix's log so far. */
  log(): string;
  /** Every message in the hold queue. */
  held(): Promise<HeldMessage[]>;
  /** Resolves once `count` messages are held; rejects after `timeoutMs` with the log's tail. */
  waitForHeld(count: number, timeoutMs?: number): Promise<HeldMessage[]>;
  stop(): Promise<void>;
}

function mainCf(root: string): string {
  return `# written by test/support/postfix-peer.ts: a throw-away peer for tests, do not use elsewhere
compatibility_level = 3.6
queue_directory = ${root}/spool
data_directory = ${root}/lib
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
meta_directory = /etc/postfix
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
myhostname = peer.postfix.test
mydomain = postfix.test
myorigin = $myhostname
# nothing is local; every client on loopback may relay, and every recipient is held (never delivered)
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
biff = no
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
smtpd_recipient_restrictions = check_recipient_access static:HOLD
# RFC 6531: offer SMTPUTF8 and keep UTF-8 envelopes and headers as they are
smtputf8_enable = yes
smtp_dns_support_level = disabled
smtp_host_lookup = native
smtpd_peername_lookup = no
smtpd_tls_security_level = none
maillog_file = ${root}/maillog
maillog_file_prefixes = ${root}
`;
}

function masterCf(port: number): string {
  const services = [
    `127.0.0.1:${port} inet n - n - - smtpd`,
    'pickup unix n - n 60 1 pickup', 'cleanup unix n - n - 0 cleanup', 'qmgr unix n - n 300 1 qmgr',
    'rewrite unix - - n - - trivial-rewrite', 'bounce unix - - n - 0 bounce', 'defer unix - - n - 0 bounce',
    'trace unix - - n - 0 bounce', 'verify unix - - n - 1 verify', 'flush unix n - n 1000? 0 flush',
    'proxymap unix - - n - - proxymap', 'smtp unix - - n - - smtp', 'relay unix - - n - - smtp',
    'showq unix n - n - - showq', 'error unix - - n - - error', 'retry unix - - n - - error',
    'discard unix - - n - - discard', 'anvil unix - - n - 1 anvil', 'scache unix - - n - 1 scache',
    'postlog unix-dgram n - n - 1 postlogd',
  ];
  return `${services.join('\n')}\n`;
}

/** Parses `postcat -q ID` output into a HeldMessage (its envelope records and message contents sections). */
function parsePostcat(queueId: string, text: string): HeldMessage {
  const envelope = text.split('*** MESSAGE CONTENTS')[0];
  const contents = (text.split(/\*\*\* MESSAGE CONTENTS[^\n]*\n/)[1] ?? '').split(/\*\*\* HEADER EXTRACTED/)[0];
  const field = (name: string) => [...envelope.matchAll(new RegExp(`^${name}: ?(.*)$`, 'gm'))].map((m) => m[1]);
  // message_size: data_offset data_size rcpt_count qmgr_opts content_length smtputf8_flags
  const size = field('message_size')[0]?.trim().split(/\s+/) ?? [];
  const encoding = field('named_attribute').map((a) => /^encoding=(.*)$/.exec(a)?.[1]).find((v) => v !== undefined) ?? null;
  return {
    queueId, sender: field('sender')[0] ?? '', recipients: field('recipient'),
    smtputf8: (Number(size[5] ?? 0) & 1) === 1, encoding, content: contents,
    messageId: /^message-id:\s*<([^>]*)>/im.exec(contents)?.[1] ?? null,
  };
}

/**
 * Starts Postfix from a fresh temp dir, listening on a free loopback port, and resolves once smtpd answers.
 * Needs root (the master starts as root and runs its daemons as the `postfix` user of the Debian package).
 */
export async function startPostfixPeer(): Promise<PostfixPeer> {
  const root = mkdtempSync(join(tmpdir(), 'relay-postfix-'));
  // The daemons run as postfix: they must be able to reach the queue under the temp dir, and own the data directory.
  chmodSync(root, 0o755);
  for (const dir of ['etc', 'spool', 'lib']) mkdirSync(join(root, dir));
  if (userInfo().uid === 0) chownSync(join(root, 'lib'), Number((await run('id', ['-u', 'postfix'])).stdout.trim()), -1);
  writeFileSync(join(root, 'maillog'), '');
  const port = await freePort();
  const configDir = join(root, 'etc');
  writeFileSync(join(configDir, 'main.cf'), mainCf(root));
  writeFileSync(join(configDir, 'master.cf'), masterCf(port));
  const log = () => readFileSync(join(root, 'maillog'), 'utf8');
  const pidFile = join(root, 'spool', 'pid', 'master.pid');
  let masterPid: number | null = null;

  const stop = async () => {
    if (masterPid === null && existsSync(pidFile)) masterPid = Number(readFileSync(pidFile, 'utf8').trim());
    await run(postfix, ['-c', configDir, 'stop'], { timeout: 10_000 }).catch(() => undefined);
    if (masterPid !== null) {
      const deadline = Date.now() + 10_000;
      while (processAlive(masterPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      if (processAlive(masterPid)) process.kill(masterPid, 'SIGKILL');
    }
    rmSync(root, { recursive: true, force: true });
  };

  try {
    // `check` creates the queue directories with Postfix's owners; `start` refuses a broken configuration.
    await run(postfix, ['-c', configDir, 'check'], { timeout: 10_000 });
    await run(postfix, ['-c', configDir, 'start'], { timeout: 10_000 });
    masterPid = Number(readFileSync(pidFile, 'utf8').trim());
    await waitForPort(port, 10_000);
  } catch (error) {
    const tail = existsSync(join(root, 'maillog')) ? log().split('\n').slice(-20).join('\n') : '';
    await stop();
    throw new Error(`Postfix peer did not start: ${(error as Error).message}\n${tail}`, { cause: error });
  }

  const held = async (): Promise<HeldMessage[]> => {
    const { stdout } = await run('/usr/sbin/postqueue', ['-c', configDir, '-j'], { timeout: 10_000 });
    const ids = stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { queue_name: string; queue_id: string })
      .filter((entry) => entry.queue_name === 'hold').map((entry) => entry.queue_id);
    return Promise.all(ids.map(async (id) => parsePostcat(id, (await run('/usr/sbin/postcat', ['-c', configDir, '-q', id], { timeout: 10_000 })).stdout)));
  };

  return {
    host: '127.0.0.1', port, configDir, log, held,
    async waitForHeld(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const messages = await held();
        if (messages.length >= count) return messages;
        if (Date.now() > deadline) throw new Error(`Postfix peer holds ${messages.length} of ${count} messages after ${timeoutMs} ms; log:\n${log().split('\n').slice(-20).join('\n')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop,
  };
}

/** Resolves once 127.0.0.1:port accepts a connection and greets with 220; rejects after `timeoutMs`. */
async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
      socket.setTimeout(2_000, () => done(false));
      socket.once('data', (chunk: Buffer) => done(chunk.toString('latin1').startsWith('220')));
      socket.once('error', () => done(false));
    });
    if (greeted) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing greets on 127.0.0.1:${port} after ${timeoutMs} ms`);
}
