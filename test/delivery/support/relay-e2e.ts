// What the delivery end-to-end tests do with a started relay (startTestRelay, in process), only over its HTTP API and SMTP.
//
//   const e2e = deliveryE2e(await startTestRelay());   // call e2e.relay.dispose() when done
//   const vs = await e2e.createServer({ delivery: { smart_host: '127.0.0.1', smart_host_port: sink.port } });
//   const id = await e2e.submit(vs, 'a@client.test', ['b@far.test'], raw);
import nodemailer from 'nodemailer';
import type { VirtualServer } from '@relayform/schema/model.ts';
import type { QueuedMessage } from '../../../relay-service/src/store/queue-store.ts';
import { freePort } from '../../support/free-port.ts';
import { expectStatus } from '../../support/api-client.ts';
import { relayOperator } from '../../support/relay-operator.ts';
import type { TestRelay } from '../../support/test-relay.ts';

export interface E2eRelay {
  relay: TestRelay;
  /** POST /v1/virtual-servers on a free port with a relay rule for 127.0.0.1; resolves once its listener accepts mail. */
  createServer(fields: Record<string, unknown>): Promise<VirtualServer>;
  addRemoteDomain(serverId: string, fields: Record<string, unknown>): Promise<string>;
  /** Submits over SMTP (a real client) and returns the queue id from the 250 reply. */
  submit(server: VirtualServer, from: string, to: string[], raw: Buffer): Promise<string>;
  /** GET /v1/queue/{id}: the message, or null once it left the queue. */
  queued(id: string): Promise<QueuedMessage | null>;
}

/** The helpers over `relay` (started e.g. once per test file, in `before`). */
export function deliveryE2e(relay: TestRelay): E2eRelay {
  const { api } = relay;
  const operator = relayOperator(api);
  return {
    relay,
    async createServer(fields) {
      const port = await freePort();
      const server = await operator.createServer({ name: `vs-${port}`, port, fqdn: 'relay.e2e.test', ...fields });
      await operator.addRule('relay-rules', server.id, { ip_address: '127.0.0.1' });
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
    addRemoteDomain: operator.addRemoteDomain,
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
      const r = await api<QueuedMessage>('GET', `/v1/queue/${id}`);
      return r.status === 404 ? null : expectStatus(r, 200, `GET /v1/queue/${id}`);
    },
  };
}
