// `smtp-relay audit tail [-n N] [--follow]`: the newest audit entries, oldest of them first, and with --follow the new ones as they come.
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuditEntryJson, ItemsJson } from '@relayform/schema/api-wire-types.ts';
import type { CommandContext, OperatorCommand } from './command.ts';
import { stringFlag, writeJson } from './command.ts';
import { usageError } from './exit-codes.ts';
import { renderTable } from './table.ts';

const headers = ['SEQ', 'AT', 'ACTOR', 'ACTION', 'OBJECT'];
const row = (e: AuditEntryJson) => [String(e.seq), e.at, e.actor, e.action, `${e.object_type} ${e.object_id}`];

/** The newest `n` entries (the API pages newest first), returned oldest first. */
async function newest(context: CommandContext, n: number, objectId: string | undefined): Promise<AuditEntryJson[]> {
  const query = `limit=${n}${objectId ? `&object_id=${encodeURIComponent(objectId)}` : ''}`;
  return (await context.api().json<ItemsJson<AuditEntryJson>>('GET', `/v1/audit-log?${query}`)).items.reverse();
}

const tail: OperatorCommand = {
  path: ['audit', 'tail'],
  summary: 'The newest entries of the audit log (who changed what), and with --follow new ones as they are written',
  synopsis: '[-n N] [--follow [--interval SECONDS]] [--object-id ID]',
  details: 'Admin only (the audit log is). --output json: {"items": [AuditEntry...]} oldest first; with --follow one AuditEntry\n' +
    'per line (JSON lines), the first N and then each new one. --follow runs until interrupted.',
  flags: {
    lines: { type: 'string', short: 'n', value: 'N', description: 'How many of the newest entries (default 10, at most 1000)' },
    follow: { type: 'boolean', short: 'f', description: 'Keep printing new entries as they are written' },
    interval: { type: 'string', value: 'SECONDS', description: 'With --follow: how often to ask (default 1)' },
    'object-id': { type: 'string', value: 'ID', description: 'Only entries about this object' },
  },
  positionals: { min: 0, max: 0 },
  async run(context) {
    const nText = stringFlag(context, 'lines') ?? '10';
    if (!/^\d+$/.test(nText) || Number(nText) < 1 || Number(nText) > 1000) throw usageError(`-n must be a number from 1 to 1000, got "${nText}"`);
    const intervalText = stringFlag(context, 'interval') ?? '1';
    if (!(Number(intervalText) > 0)) throw usageError(`--interval must be a positive number of seconds, got "${intervalText}"`);
    const objectId = stringFlag(context, 'object-id');
    const first = await newest(context, Number(nText), objectId);
    if (context.values.follow !== true) {
      if (context.output === 'json') return writeJson(context, { items: first });
      return context.io.stdout(first.length === 0 ? 'The audit log is empty\n' : renderTable(headers, first.map(row)));
    }
    const print = (entries: AuditEntryJson[]) => {
      if (context.output === 'json') context.io.stdout(entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
      else context.io.stdout(entries.map((e) => `${row(e).join('  ')}\n`).join(''));
    };
    print(first);
    let last = first.at(-1)?.seq ?? 0;
    for (;;) {
      await sleep(Number(intervalText) * 1000);
      // Up to 1000 entries a poll; more written within one interval would be missed, which --interval can shorten.
      const fresh = (await newest(context, 1000, objectId)).filter((e) => e.seq > last);
      print(fresh);
      last = fresh.at(-1)?.seq ?? last;
    }
  },
};

/** The audit command group. */
export const auditCommands: OperatorCommand[] = [tail];
