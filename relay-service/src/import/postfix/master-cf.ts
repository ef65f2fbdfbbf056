// master.cf: the smtpd listeners (inet services whose command is smtpd) with their address, port and `-o` overrides.
import type { Parameter } from './main-cf.ts';
import { errorAt, logicalLines, type SourceLine } from './postconf-syntax.ts';

/** One smtpd listener of master.cf. */
export interface SmtpdListener {
  /** The service field as written: `smtp`, `submission`, `127.0.0.1:2525`, `2525`. */
  service: string;
  /** The host part of `host:port`, or undefined (then inet_interfaces decides). */
  host: string | undefined;
  port: number;
  overrides: Parameter[];
  at: SourceLine;
}

/** What master.cf says: the smtpd listeners and the other services (for the report). */
export interface MasterCf {
  listeners: SmtpdListener[];
  others: { service: string; command: string; at: SourceLine }[];
}

/** The well-known service names of /etc/services that Postfix's master.cf uses for smtpd. */
const servicePorts: Record<string, number> = { smtp: 25, submission: 587, smtps: 465, submissions: 465 };

/** The master.cf Postfix installs: one smtpd on port 25. Used when the config dir has no master.cf. */
export const defaultMasterCf = 'smtp      inet  n       -       y       -       -       smtpd\n';

/**
 * Parses master.cf text: entries of 8 fields (service type private unpriv chroot wakeup maxproc command) and the
 * command's arguments; `-o name=value` and `-o { name = value }` on an smtpd become overrides. Throws with the line.
 */
export function parseMasterCf(content: string, file = 'master.cf'): MasterCf {
  const out: MasterCf = { listeners: [], others: [] };
  for (const { text, at } of logicalLines(content, file)) {
    const fields = text.match(/\{[^}]*\}|\S+/g) ?? [];
    if (fields.length < 8) throw errorAt(at, `expected 8 fields (service type private unpriv chroot wakeup maxproc command), got ${fields.length}`);
    const [service, type, , , , , , command] = fields as [string, string, string, string, string, string, string, string];
    if (!['inet', 'unix', 'unix-dgram', 'fifo', 'pass'].includes(type)) throw errorAt(at, `"${type}" is not a service type (inet, unix, unix-dgram, fifo, pass)`);
    if (type !== 'inet' || command !== 'smtpd') {
      out.others.push({ service: `${service}/${type}`, command, at });
      continue;
    }
    const overrides: Parameter[] = [];
    const args = fields.slice(8);
    for (let i = 0; i < args.length; i += 1) {
      if (args[i] !== '-o') continue;
      const setting = (args[i + 1] ?? '').replace(/^\{\s*|\s*\}$/g, '');
      const eq = setting.indexOf('=');
      if (eq <= 0) throw errorAt(at, `-o must be followed by name=value, got "${args[i + 1] ?? ''}"`);
      overrides.push({ name: setting.slice(0, eq).trim(), value: setting.slice(eq + 1).trim(), at });
      i += 1;
    }
    const split = /^(?:(.*):)?([^:]+)$/.exec(service);
    const portText = split?.[2] ?? '';
    const port = /^\d+$/.test(portText) ? Number(portText) : servicePorts[portText];
    if (port === undefined || port < 1 || port > 65535) throw errorAt(at, `"${service}": the port "${portText}" is neither a number nor one of ${Object.keys(servicePorts).join(', ')}`);
    const host = split?.[1]?.replace(/^\[(.*)\]$/, '$1');
    out.listeners.push({ service, host: host || undefined, port, overrides, at });
  }
  return out;
}
