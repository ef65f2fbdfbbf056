// GET /v1/stats/minutes: accepted, delivered, deferred, bounced and rate-limited per minute and the queue size, per virtual server the caller may read.
import type { JsonSchema } from '@relayform/schema/schemas/json-schema.ts';
import type { ConfigStore } from '../../store/config-store.ts';
import type { TrafficMinute, TrafficStatsStore } from '../../store/traffic-stats.ts';
import { ApiError } from '../api-error.ts';
import type { ApiRoute, QueryParameter } from '../api-route.ts';
import { canManageServer, requireServer } from '../authorize.ts';
import type { Principal } from '../principal.ts';
import { readQuery } from '../query-parameters.ts';

const minuteMs = 60_000;

const parameters: QueryParameter[] = [
  { name: 'virtual_server_id', schema: { type: 'string' }, description: 'Only this virtual server (403 for an operator of others). Absent: every server the caller may read.' },
  { name: 'minutes', schema: { type: 'integer', minimum: 1, maximum: 1440, default: 60 }, description: 'How many minutes up to now, the current one included (at most 1440: the relay keeps 24 hours).' },
];

const count = (description: string): JsonSchema => ({ type: 'integer', minimum: 0, description });

/** The response body, for the OpenAPI document. */
const statsSchema: JsonSchema = {
  type: 'object', required: ['from', 'to', 'servers'],
  properties: {
    from: { type: 'string', description: 'RFC 3339 start of the first minute' },
    to: { type: 'string', description: 'RFC 3339 end of the last (current, still counting) minute' },
    servers: {
      type: 'array',
      items: {
        type: 'object', required: ['virtual_server_id', 'name', 'minutes'],
        properties: {
          virtual_server_id: { type: 'string' },
          name: { type: 'string' },
          minutes: {
            type: 'array', description: 'One entry per minute, oldest first; a minute without traffic has zero counts',
            items: {
              type: 'object', required: ['minute', 'accepted', 'delivered', 'deferred', 'bounced', 'rate_limited', 'queue_size'],
              properties: {
                minute: { type: 'string', description: 'RFC 3339 start of the minute (UTC)' },
                accepted: count('Messages accepted with 250 (smtp_messages_accepted_total)'),
                delivered: count('Recipients delivered to the next hop (smtp_delivered_total)'),
                deferred: count('Recipient attempts deferred for a retry (smtp_deferred_total)'),
                bounced: count('Recipients failed for good (smtp_bounced_total)'),
                rate_limited: count('SMTP commands (MAIL FROM, RCPT TO) refused by a rate limit and connections refused by max_connections_per_ip (smtp_rate_limited_total)'),
                queue_size: {
                  type: ['integer', 'null'], minimum: 0,
                  description: 'Messages queued for the server (fresh and deferred) at the latest sample in the minute; nodes sample every few seconds ' +
                    'and the largest of their samples is shown (they all count the one shared queue); null: no relay process sampled in that minute',
                },
              },
            },
          },
        },
      },
    },
  },
};

/** Every minute in [from, to) of one server, its rows filled in and the others zero (queue size unknown). */
function minutesOf(rows: TrafficMinute[], from: number, to: number): Array<Record<string, unknown>> {
  const byMinute = new Map(rows.map((row) => [row.minute.getTime(), row]));
  const minutes: Array<Record<string, unknown>> = [];
  for (let at = from; at < to; at += minuteMs) {
    const row = byMinute.get(at);
    minutes.push({
      minute: new Date(at).toISOString(), accepted: row?.accepted ?? 0, delivered: row?.delivered ?? 0, deferred: row?.deferred ?? 0,
      bounced: row?.bounced ?? 0, rate_limited: row?.rate_limited ?? 0, queue_size: row?.queue_size ?? null,
    });
  }
  return minutes;
}

/** The stats routes; 503 while no queue store is wired (the statistics live beside the queue). */
export function statsRoutes(store: ConfigStore, stats: TrafficStatsStore | null, now: () => Date = () => new Date()): ApiRoute[] {
  return [{
    method: 'get', path: '/v1/stats/minutes', tag: 'Statistics',
    summary: 'Traffic per minute (accepted, delivered, deferred, bounced, rate-limited) and queue size, per virtual server, summed over every relay node',
    query: parameters,
    success: { status: 200, description: 'One entry per virtual server the caller may read, each with one row per minute', schema: statsSchema },
    handle: async (request) => {
      const principal = request.principal as Principal;
      const query = readQuery(request, parameters);
      const wanted = query.virtual_server_id as string | undefined;
      let servers = await store.list('virtual_server');
      if (wanted !== undefined) {
        await requireServer(principal, wanted, store);
        servers = servers.filter((server) => server.id === wanted);
        if (servers.length === 0) throw ApiError.notFound(`Virtual server ${wanted}`);
      } else {
        const visible = await Promise.all(servers.map((server) => canManageServer(principal, server.id, store)));
        servers = servers.filter((_, index) => visible[index]);
      }
      if (!stats) throw new ApiError(503, 'unavailable', 'The mail queue, which keeps the statistics, is not running on this relay.');
      const to = Math.floor(now().getTime() / minuteMs) * minuteMs + minuteMs;
      const from = to - (query.minutes as number) * minuteMs;
      const rows = await stats.readTraffic({ from: new Date(from), to: new Date(to), virtualServerIds: servers.map((server) => server.id) });
      return {
        status: 200,
        json: {
          from: new Date(from).toISOString(), to: new Date(to).toISOString(),
          servers: servers.map((server) => ({
            virtual_server_id: server.id, name: server.doc.name,
            minutes: minutesOf(rows.filter((row) => row.virtual_server_id === server.id), from, to),
          })),
        },
      };
    },
  }];
}
