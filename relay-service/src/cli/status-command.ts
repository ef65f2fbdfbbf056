// `smtp-relay status`: the answering node's processes and the config version each applied, every listener's state, queue sizes, health.
import type { ListenerStatusJson } from '@relayform/schema/api-wire-types.ts';
import type { OperatorCommand } from './command.ts';
import { writeJson } from './command.ts';
import { renderTable } from './table.ts';

/** GET /v1/status (RelayStatus in /v1/openapi.json). */
interface RelayStatusJson {
  config_version: number;
  processes: Array<{ node_id: string; config_version: number }>;
  virtual_servers: Array<{
    id: string; name: string; port: number;
    listener: ListenerStatusJson;
  }>;
  queue: { fresh: number; deferred: number } | null;
}

const status: OperatorCommand = {
  path: ['status'],
  summary: 'This node: its processes and the config version each applied, listeners and their state, queue sizes, health',
  synopsis: '',
  details: 'Asks the node --endpoint names; nodes sharing a PostgreSQL store do not report each other\'s processes or listeners,\n' +
    'so ask each node (the queue and the config version are shared). Admin only.\n' +
    '--output json: GET /v1/status ({"config_version", "processes", "virtual_servers", "queue"}) plus "health" (GET /healthz).',
  flags: {},
  positionals: { min: 0, max: 0 },
  async run(context) {
    const [body, health] = await Promise.all([
      context.api().json<RelayStatusJson>('GET', '/v1/status'),
      context.api().json<{ status: string; failed_listeners?: number }>('GET', '/healthz'),
    ]);
    if (context.output === 'json') return writeJson(context, { ...body, health });
    const out = [`Relay at ${context.api().endpoint.origin}: ${health.status}${health.failed_listeners ? ` (${health.failed_listeners} failed listener${health.failed_listeners === 1 ? '' : 's'})` : ''}\n`,
      `Configuration version in the store: ${body.config_version}\n\n`];
    out.push(body.processes.length === 0 ? 'No data-plane process reported yet\n' : renderTable(['PROCESS', 'APPLIED CONFIG'], body.processes.map((p) =>
      [p.node_id, p.config_version < 0 ? 'none yet' : `${p.config_version}${p.config_version === body.config_version ? ' (current)' : ` (${body.config_version - p.config_version} behind)`}`])));
    out.push('\n', body.virtual_servers.length === 0 ? 'No virtual servers\n' : renderTable(['VIRTUAL SERVER', 'ID', 'PORT', 'LISTENER', 'ERROR'], body.virtual_servers.map((vs) => {
      const failed = vs.listener.nodes.find((node) => node.error);
      return [vs.name, vs.id, String(vs.port), vs.listener.listener_state, failed?.error ? `${failed.node_id}: ${failed.error.code} ${failed.error.message}` : ''];
    }), 100));
    out.push('\n', body.queue ? `Queue: ${body.queue.fresh} fresh, ${body.queue.deferred} deferred\n` : 'Queue: not running on this node\n');
    context.io.stdout(out.join(''));
  },
};

/** The status command. */
export const statusCommands: OperatorCommand[] = [status];
