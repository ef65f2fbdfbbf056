// `smtp-relay queue ls|show|download|retry|delete`: the mailq / postcat -q / postqueue -f / postsuper -d of the relay, over
// the management API; with --dead the same for the dead-letter store (what could neither be delivered nor returned).
import { writeFileSync } from 'node:fs';
import type { DeadLetterJson, ItemsJson, QueuedMessageJson } from '@relayform/schema/api-wire-types.ts';
import type { CommandContext, FlagSpec, OperatorCommand } from './command.ts';
import { stringFlag, writeJson } from './command.ts';
import { exitCodes, usageError } from './exit-codes.ts';
import { filterQuery, headerFields, messagePath, stateFlag, virtualServerId, type QueueFilterJson } from './queue-api.ts';
import { renderFields, renderTable, shortDuration, shortSize } from './table.ts';

/** Messages per API call when listing or changing many. */
const pageSize = 1000;

const since = (iso: string) => Date.now() - Date.parse(iso);

/** The filter from --state, --virtual-server and `domainFlag`. */
async function filterFrom(context: CommandContext, domainFlag: string, state = stateFlag(context)): Promise<QueueFilterJson> {
  const filter: QueueFilterJson = {};
  const vs = await virtualServerId(context.api(), stringFlag(context, 'virtual-server'));
  if (vs !== undefined) filter.virtual_server_id = vs;
  if (state !== undefined) filter.state = state;
  const domain = stringFlag(context, domainFlag);
  if (domain !== undefined) filter.recipient_domain = domain;
  return filter;
}

const total = async (context: CommandContext, filter: QueueFilterJson) =>
  (await context.api().json<{ total: number }>('GET', `/v1/queue?${filterQuery({ ...filter })}&limit=1`)).total;

/** Runs a bulk retry or delete page by page, with progress on stderr; resolves to how many messages it changed. */
async function bulk(context: CommandContext, verb: 'retry' | 'delete', filter: QueueFilterJson, expected: number): Promise<number> {
  const counted = verb === 'retry' ? 'retried' : 'deleted';
  let done = 0;
  let after: string | null = null;
  do {
    const page: Record<string, unknown> & { next_after: string | null } =
      await context.api().json('POST', `/v1/queue/${verb}`, { ...filter, after, limit: pageSize });
    done += Number(page[counted]);
    after = page.next_after;
    context.io.stderr(`${counted} ${done}/${Math.max(expected, done)}\n`);
  } while (after !== null);
  return done;
}

const deadFlag: Record<string, FlagSpec> = { dead: { type: 'boolean', description: 'The dead-letter store instead of the queue' } };
const isDead = (context: CommandContext) => context.values.dead === true;

/**
 * Up to `limit` items of the listing at `path` (`query`: its filter, "" for none), fetched page by page; with the
 * number of items matching the filter when the listing reports it.
 */
async function fetchListing<T>(context: CommandContext, path: string, query: string, limit: number): Promise<ItemsJson<T>> {
  const items: T[] = [];
  let total: number | undefined;
  for (let offset = 0; items.length < limit; offset += pageSize) {
    const page = await context.api().json<ItemsJson<T>>('GET',
      `${path}?${query}${query ? '&' : ''}limit=${Math.min(pageSize, limit - items.length)}&offset=${offset}`);
    total = page.total;
    items.push(...page.items);
    if (page.items.length < pageSize) break;
  }
  return { items, total };
}

/** A listing as a table with its footer line, e.g. "-- 4.1 kB in 3 messages (of 10) --". */
function renderListing(columns: string[], rows: string[][], items: Array<{ size: number }>, noun: string, matching = items.length): string {
  const bytes = items.reduce((sum, m) => sum + m.size, 0);
  return renderTable(columns, rows) +
    `-- ${shortSize(bytes)} in ${items.length} ${noun}${items.length === 1 ? '' : 's'}${matching > items.length ? ` (of ${matching})` : ''} --\n`;
}

/** `queue ls --dead`: the dead letters, oldest first, optionally of one virtual server. */
async function listDeadLetters(context: CommandContext, limit: number): Promise<void> {
  if (['state', 'recipient-domain'].some((flag) => context.values[flag] !== undefined)) throw usageError('--state and --recipient-domain do not go with --dead');
  const vs = await virtualServerId(context.api(), stringFlag(context, 'virtual-server'));
  const { items } = await fetchListing<DeadLetterJson>(context, '/v1/dead-letters', filterQuery({ virtual_server_id: vs }), limit);
  if (context.output === 'json') return writeJson(context, { items });
  if (items.length === 0) return context.io.stdout('No dead letters\n');
  const rows = items.map((m) => [
    m.id, shortDuration(since(m.dead_at)), shortSize(m.size), m.sender || '<>', m.recipients.map((r) => r.address).join(','),
    m.reason_class, shortDuration(-since(m.expires_at)), m.reason,
  ]);
  context.io.stdout(renderListing(['ID', 'DEAD FOR', 'SIZE', 'SENDER', 'RECIPIENTS', 'CLASS', 'EXPIRES IN', 'REASON'], rows, items, 'dead letter'));
}

const filterWords = (filter: QueueFilterJson) =>
  [filter.state, filter.recipient_domain && `for ${filter.recipient_domain}`, filter.virtual_server_id && `of virtual server ${filter.virtual_server_id}`].filter(Boolean).join(' ');

const ls: OperatorCommand = {
  path: ['queue', 'ls'],
  summary: 'List queued messages, oldest first (like mailq); --dead: the dead letters',
  synopsis: '[--state fresh|deferred] [--virtual-server NAME_OR_ID] [--recipient-domain D] [--limit N] | --dead [--virtual-server NAME_OR_ID] [--limit N]',
  details: 'Columns: id, age, size, sender ("<>" is the null sender), recipients still pending, attempts, next attempt, last error.\n' +
    'With --dead: id, time since it was given up, size, sender, recipients, reason class, time until it expires, reason.\n' +
    '--output json: {"items": [QueuedMessage...], "total": N} (total: every message matching the filter); with --dead {"items": [DeadLetter...]}.',
  flags: {
    ...deadFlag,
    state: { type: 'string', value: 'fresh|deferred', description: 'fresh = never tried; deferred = waiting for a retry' },
    'virtual-server': { type: 'string', value: 'NAME_OR_ID', description: 'Only messages received by this virtual server' },
    'recipient-domain': { type: 'string', value: 'D', description: 'Only messages with a recipient still pending at domain D' },
    limit: { type: 'string', value: 'N', description: 'At most N messages (default: all)' },
  },
  positionals: { min: 0, max: 0 },
  async run(context) {
    const limitText = stringFlag(context, 'limit');
    if (limitText !== undefined && !/^[1-9]\d*$/.test(limitText)) throw usageError(`--limit must be a positive number, got "${limitText}"`);
    const limit = limitText === undefined ? Infinity : Number(limitText);
    if (isDead(context)) return listDeadLetters(context, limit);
    const filter = await filterFrom(context, 'recipient-domain');
    const { items, total: matching = 0 } = await fetchListing<QueuedMessageJson>(context, '/v1/queue', filterQuery(filter), limit);
    if (context.output === 'json') return writeJson(context, { items, total: matching });
    if (items.length === 0) return context.io.stdout('Mail queue is empty\n');
    const rows = items.map((m) => [
      m.id, shortDuration(since(m.received_at)), shortSize(m.size), m.sender || '<>',
      m.recipients.filter((r) => r.status === 'pending').map((r) => r.address).join(','), String(m.attempts),
      m.state === 'fresh' ? 'now' : shortDuration(-since(m.next_attempt_at)), m.last_error ?? '',
    ]);
    context.io.stdout(renderListing(['ID', 'AGE', 'SIZE', 'SENDER', 'RECIPIENTS', 'ATTEMPTS', 'NEXT', 'LAST ERROR'], rows, items, 'message', matching));
  },
};

const show: OperatorCommand = {
  path: ['queue', 'show'],
  summary: 'Show one queued message (or with --dead, one dead letter): envelope, header, each recipient\'s status, attempts (like postcat -q)',
  synopsis: '[--dead] ID',
  details: 'The relay keeps, per message, the number of attempts, the next one, the last error, and each recipient\'s status with its\n' +
    'last reply; not a log of every attempt (the relay\'s JSON log has one line per attempt).\n' +
    '--output json: the QueuedMessage (with --dead the DeadLetter) with "headers": [{"name", "value"}...] added.',
  flags: deadFlag,
  positionals: { min: 1, max: 1 },
  async run(context) {
    const id = context.positionals[0];
    const path = messagePath(id, isDead(context));
    const found = await context.api().json<QueuedMessageJson | DeadLetterJson>('GET', path);
    const headers = headerFields(await context.api().raw(`${path}/message`));
    if (isDead(context)) {
      const letter = found as DeadLetterJson;
      if (context.output === 'json') return writeJson(context, { ...letter, headers });
      return context.io.stdout([`Dead letter ${letter.id}\n`, renderFields([
        ['reason', letter.reason], ['class', letter.reason_class], ['dead since', letter.dead_at], ['expires', letter.expires_at],
        ['received', letter.received_at], ['virtual server', letter.virtual_server_id], ['client', letter.client_ip],
        ['authenticated as', letter.authenticated_as], ['sender', letter.sender || '<>'], ['size', `${letter.size} bytes`],
      ], '  '), '\nRecipients:\n',
      renderTable(['ADDRESS', 'STATUS', 'LAST REPLY'], letter.recipients.map((r) => [r.address, r.status, r.last_error ?? '']), 200).replace(/^(?=.)/gm, '  '),
      '\nHeader:\n', headers.map((h) => `  ${h.name}: ${h.value}`).join('\n') + '\n'].join(''));
    }
    const message = found as QueuedMessageJson;
    if (context.output === 'json') return writeJson(context, { ...message, headers });
    const out = [`Message ${message.id}\n`, renderFields([
      ['state', message.state], ['received', `${message.received_at} (${shortDuration(since(message.received_at))} ago)`],
      ['virtual server', message.virtual_server_id], ['client', message.client_ip], ['authenticated as', message.authenticated_as],
      ['sender', message.sender || '<>'], ['size', `${message.size} bytes`],
    ], '  ')];
    const recipients = renderTable(['ADDRESS', 'STATUS', 'LAST REPLY'], message.recipients.map((r) => [r.address, r.status, r.last_error ?? '']), 200);
    out.push('\nRecipients:\n', recipients.replace(/^(?=.)/gm, '  '));
    out.push('\nAttempts:\n', renderFields([
      ['attempts', message.attempts], ['next attempt', message.next_attempt_at], ['last error', message.last_error],
      ['delay notice sent', message.delay_notified ? 'yes' : 'no'],
    ], '  '));
    out.push('\nHeader:\n', headers.map((h) => `  ${h.name}: ${h.value}`).join('\n') + '\n');
    context.io.stdout(out.join(''));
  },
};

const download: OperatorCommand = {
  path: ['queue', 'download'],
  summary: 'Write a queued message (or with --dead, a dead letter) as it was received to a .eml file',
  synopsis: '[--dead] ID -o FILE',
  details: 'The bytes the relay stored (header and body), unchanged. --output json: {"id", "file", "bytes"}.',
  flags: { ...deadFlag, out: { type: 'string', short: 'o', value: 'FILE', description: 'Where to write the message (created or replaced)' } },
  positionals: { min: 1, max: 1 },
  async run(context) {
    const id = context.positionals[0];
    const file = stringFlag(context, 'out');
    if (file === undefined) throw usageError('-o FILE is required');
    const data = await context.api().raw(`${messagePath(id, isDead(context))}/message`);
    try {
      writeFileSync(file, data);
    } catch (error) {
      throw usageError(`-o ${file}: cannot write it: ${(error as Error).message}`);
    }
    if (context.output === 'json') return writeJson(context, { id, file, bytes: data.length });
    context.io.stdout(`${file}: ${data.length} bytes\n`);
  },
};

const retry: OperatorCommand = {
  path: ['queue', 'retry'],
  summary: 'Make messages due now: one by id, or --all matching a filter (postqueue -i / -f / -s)',
  synopsis: 'ID | --all [--domain D] [--state fresh|deferred] [--virtual-server NAME_OR_ID]',
  details: 'With --all, progress goes to stderr ("retried 2000/5000"); the answer to stdout.\n' +
    '--output json: {"id", "status": "scheduled"} for one message; {"retried": N} for --all.',
  flags: {
    all: { type: 'boolean', description: 'Every message matching the filter' },
    domain: { type: 'string', value: 'D', description: 'With --all: messages with a recipient still pending at domain D' },
    state: { type: 'string', value: 'fresh|deferred', description: 'With --all: only messages in this state' },
    'virtual-server': { type: 'string', value: 'NAME_OR_ID', description: 'With --all: only messages received by this virtual server' },
  },
  positionals: { min: 0, max: 1 },
  async run(context) {
    const [id] = context.positionals;
    const all = context.values.all === true;
    if (Boolean(id) === all) throw usageError('give a message ID or --all, not both');
    if (!all && ['domain', 'state', 'virtual-server'].some((flag) => context.values[flag] !== undefined)) throw usageError('--domain, --state and --virtual-server go with --all');
    if (id) {
      const answer = await context.api().json<{ id: string; status: string }>('POST', `/v1/queue/${encodeURIComponent(id)}/retry`);
      return context.output === 'json' ? writeJson(context, answer) : context.io.stdout(`${id}: scheduled for an attempt now\n`);
    }
    const filter = await filterFrom(context, 'domain');
    const retried = await bulk(context, 'retry', filter, await total(context, filter));
    if (context.output === 'json') return writeJson(context, { retried });
    context.io.stdout(`${retried} message${retried === 1 ? '' : 's'} scheduled for an attempt now\n`);
  },
};

const remove: OperatorCommand = {
  path: ['queue', 'delete'],
  summary: 'Delete queued messages without delivering them: one by id, or --all-deferred (postsuper -d)',
  synopsis: '[--dead] ID | --all-deferred [--domain D] [--virtual-server NAME_OR_ID]  [--yes]',
  details: 'Asks for confirmation on a terminal; without one (a script, a pipe) it refuses unless --yes is given (exit 2).\n' +
    'With --all-deferred, progress goes to stderr ("deleted 2000/5000").\n' +
    '--output json: {"deleted": N} (1 for one message).',
  flags: {
    ...deadFlag,
    'all-deferred': { type: 'boolean', description: 'Every deferred message matching --domain / --virtual-server' },
    domain: { type: 'string', value: 'D', description: 'With --all-deferred: messages with a recipient still pending at domain D' },
    'virtual-server': { type: 'string', value: 'NAME_OR_ID', description: 'With --all-deferred: only messages received by this virtual server' },
    yes: { type: 'boolean', short: 'y', description: 'Do not ask for confirmation' },
  },
  positionals: { min: 0, max: 1 },
  async run(context) {
    const [id] = context.positionals;
    const all = context.values['all-deferred'] === true;
    if (Boolean(id) === all) throw usageError('give a message ID or --all-deferred, not both');
    if (!all && ['domain', 'virtual-server'].some((flag) => context.values[flag] !== undefined)) throw usageError('--domain and --virtual-server go with --all-deferred');
    if (all && isDead(context)) throw usageError('--dead deletes one dead letter by ID (they expire by themselves)');
    const filter = all ? await filterFrom(context, 'domain', 'deferred') : {};
    const expected = all ? await total(context, filter) : 1;
    const what = all ? `${expected} ${filterWords(filter)} message${expected === 1 ? '' : 's'}` : `${isDead(context) ? 'dead letter' : 'message'} ${id}`;
    if (context.values.yes !== true) {
      if (!context.io.interactive) throw usageError(`refusing to delete ${what} without confirmation: stdin is not a terminal; pass --yes`);
      const answer = await context.io.ask(`Delete ${what} without delivering? [y/N] `);
      if (!/^y(es)?$/i.test(answer.trim())) {
        context.io.stderr('nothing deleted\n');
        return exitCodes.usage;
      }
    }
    let deleted = 1;
    if (id) await context.api().json('DELETE', messagePath(id, isDead(context)));
    else deleted = await bulk(context, 'delete', filter, expected);
    if (context.output === 'json') return writeJson(context, { deleted });
    context.io.stdout(`${deleted} message${deleted === 1 ? '' : 's'} deleted\n`);
  },
};

/** The queue command group. */
export const queueCommands: OperatorCommand[] = [ls, show, download, retry, remove];
