// The real relay in this process (startRelay: API, SMTP listeners, delivery worker), configured only over its HTTP API.
import nodemailer from 'nodemailer';
import type { VirtualServer } from '@relayform/schema/model.ts';
import type { QueuedMessage } from '../../../relay-service/src/store/queue-store.ts';
import { freePort } from '../../support/free-port.ts';
import { startRelayInProcess, type InProcessRelay } from '../../support/relay-in-process.ts';

export interface E2eRelay {
  relay: InProcessRelay;
  /** POST /v1/virtual-servers on a free port with a relay rule for 127.0.0.1; resolves once its listener accepts mail. */
  createServer(fields: Record<string, unknown>): Promise<VirtualServer>;
  addRemoteDomain(serverId: string, fields: Record<string, unknown>): Promise<string>;
  /** Submits over SMTP (a real client) and returns the queue id from the 250 reply. */
  submit(server: VirtualServer, from: string, to: string[], raw: Buffer): Promise<string>;
  /** GET /v1/queue/{id}: the message, or null once it left the queue. */
  queued(id: string): Promise<QueuedMessage | null>;
}

async function expect(result: Promise<{ status: number; body: any; text: string }>, status: number, what: string): Promise<any> {
  const r = await result;
  if (r.status !== status) throw new Error(`${what}: HTTP ${r.status} ${r.text}`);
  return r.body;
}

/** Starts the relay (e.g. once per test file, in `before`); call `relay.dispose()` when done. */
export async function startE2eRelay(): Promise<E2eRelay> {
  const relay = await startRelayInProcess();
  const { api } = relay;
  return {
    relay,
    async createServer(fields) {
      const port = await freePort();
      const server = await expect(api('POST', '/v1/virtual-servers', { name: `vs-${port}`, port, fqdn: 'relay.e2e.test', ...fields }), 201, 'create server');
      await expect(api('POST', `/v1/virtual-servers/${server.id}/relay-rules`, { ip_address: '127.0.0.1' }), 201, 'relay rule');
      const client = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true });
      for (let i = 0; ; i++) {
        const ok = await client.verify().then(() => true, () => false);
        if (ok) break;
        if (i > 100) throw new Error(`listener on ${port} did not come up`);
        await new Promise((r) => setTimeout(r, 20));
      }
      client.close();
      return server;
    },
    async addRemoteDomain(serverId, fields) {
      return (await expect(api('POST', `/v1/virtual-servers/${serverId}/remote-domains`, fields), 201, 'remote domain')).id;
    },
    async submit(server, from, to, raw) {
      const client = nodemailer.createTransport({ host: '127.0.0.1', port: server.port, ignoreTLS: true });
      try {
        const info = await client.sendMail({ envelope: { from, to }, raw });
        const id = /queued as (\S+)/.exec(info.response)?.[1];
        if (!id) throw new Error(`no queue id in "${info.response}"`);
        return id;
      } finally {
        client.close();
      }
    },
    async queued(id) {
      const r = await api('GET', `/v1/queue/${id}`);
      if (r.status === 404) return null;
      if (r.status !== 200) throw new Error(`GET /v1/queue/${id}: HTTP ${r.status} ${r.text}`);
      return r.body;
    },
  };
}
