// Several real relay processes sharing one PostgreSQL database: the harness of the multi-node tests.
//
//   const cluster = await startCluster(t, { nodes: 3, leaseSeconds: 2 });   // stopped (by PID) in t.after
//   cluster.nodes[1].api('GET', '/v1/virtual-servers');                    // node B's management API
//   cluster.nodes[1].smtpHost;                                              // 127.0.0.3: where node B binds every virtual server
import type { TestContext } from 'node:test';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { startTestPostgres } from '../support/postgres.ts';
import { startTestRelay, type TestRelay } from '../support/test-relay.ts';

/** One relay node: its process (`nodeId`, node-A, node-B, ..., is its lease owner name) and the loopback address it binds virtual servers on. */
export interface ClusterNode extends TestRelay {
  name: string;
  smtpHost: string;
}

export interface Cluster {
  nodes: ClusterNode[];
  /** The shared database, for assertions on the queue's leases. */
  db: pg.Pool;
  leaseMs: number;
}

/**
 * Starts a PostgreSQL server (or uses SMTP_RELAY_TEST_DATABASE_URL), a fresh database and `nodes` relay
 * processes on it (startTestRelay, each on its own temp data dir). They share the admin token and secret.key
 * (as every deployment of several nodes must) and bind virtual servers on 127.0.0.2, 127.0.0.3, ...
 */
export async function startCluster(t: TestContext, options: { nodes: number; leaseSeconds: number; statsIntervalSeconds?: number }): Promise<Cluster> {
  // Undone last-in first-out in one hook: nodes and pool before the server they are connected to.
  const cleanups: Array<() => Promise<unknown>> = [];
  t.after(async () => { for (const cleanup of cleanups.reverse()) await cleanup(); });
  const server = await startTestPostgres();
  cleanups.push(() => server.stop());
  const url = await server.createDatabase();
  const db = new pg.Pool({ connectionString: url, max: 2 });
  db.on('error', () => undefined);
  cleanups.push(() => db.end());
  const adminToken = `multi-node-admin-${randomBytes(12).toString('hex')}`;
  const secretKey = randomBytes(32).toString('base64');
  const names = ['A', 'B', 'C', 'D'].slice(0, options.nodes);
  const nodes: ClusterNode[] = [];
  // One after the other: parallel tsx start-ups on a busy two-core machine can take longer than any sane timeout.
  for (const [i, name] of names.entries()) {
    const smtpHost = `127.0.0.${i + 2}`;
    const relay = await startTestRelay({
      mode: 'child-process', adminToken, secretKey, nodeId: `node-${name}`, databaseUrl: url, smtpBindAddress: smtpHost,
      queueLeaseSeconds: options.leaseSeconds, statsIntervalSeconds: options.statsIntervalSeconds,
    });
    cleanups.push(() => relay.dispose());
    nodes.push(Object.assign(relay, { name, smtpHost }));
  }
  return { nodes, db, leaseMs: options.leaseSeconds * 1000 };
}

/** A test message with a Message-ID the sink can count. */
export function testMessage(messageId: string): Buffer {
  return Buffer.from([`From: <load@client.test>`, 'To: <rcpt@far.test>', `Subject: ${messageId}`,
    `Message-ID: <${messageId}>`, 'Date: Sun, 29 Nov 2026 05:00:00 +0000', '', 'Hello from one of several nodes.', ''].join('\r\n'));
}

/** Sends one message through `host:port` and returns the relay's queue id (from "250 ... queued as <id>"). */
export async function sendThrough(host: string, port: number, messageId: string): Promise<string> {
  const client = nodemailer.createTransport({ host, port, ignoreTLS: true });
  try {
    const info = await client.sendMail({ envelope: { from: 'load@client.test', to: ['rcpt@far.test'] }, raw: testMessage(messageId) });
    const id = /queued as (\S+)/.exec(info.response)?.[1];
    if (!id) throw new Error(`no queue id in "${info.response}"`);
    return id;
  } finally {
    client.close();
  }
}

/** Polls `check` every 20 ms until it returns a value other than undefined; rejects naming `what` after `timeoutMs`. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
