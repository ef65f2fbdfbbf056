// A RelayHarness over MemoryConfigReader and the real data plane, for developing listener tests without the API.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VirtualServerConfig } from '../../relay-service/src/config/config-reader.ts';
import { startDataPlane } from '../../relay-service/src/data-plane.ts';
import { createLogger } from '../../relay-service/src/logger.ts';
import { SqliteQueueStore } from '../../relay-service/src/store/sqlite/queue-store.ts';
import { createSelfSignedCertificate } from '../../relay-service/src/tls/self-signed-certificate.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import { MemoryConfigReader } from './memory-config-reader.ts';
import type { RelayHarness } from './relay-harness.ts';
import { remoteDomain, rule, virtualServer } from './virtual-server-config.ts';

/** Starts the data plane on a temp dir; `dnsServer` points reverse DNS at a fake DNS. */
export async function startMemoryRelay(options: { dnsServer?: string } = {}): Promise<RelayHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-dp-'));
  const config = new MemoryConfigReader([]);
  const servers: VirtualServerConfig[] = [];
  const publish = () => config.update(servers);
  const sink = await startSmtpSink();
  const queue = SqliteQueueStore.open(join(dataDir, 'queue.sqlite'));
  const plane = await startDataPlane({ config, queue, logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), nodeId: 'test', dnsServers: options.dnsServer ? [options.dnsServer] : undefined });
  const find = (id: string) => servers.find((s) => s.server.id === id)!;
  return {
    dataDir,
    sink,
    async createServer(fields) {
      const id = randomUUID();
      const delivery = { smart_host: sink.host, smart_host_port: sink.port, retry_intervals_minutes: [0.05] };
      const server = virtualServer({ drop_directory: join(dataDir, 'drop', id), delivery, ...(fields as object), id } as object);
      servers.push({ server, connectionRules: [], relayRules: [], remoteDomains: [] });
      publish();
      return server;
    },
    async patchServer(id, patch) {
      const vs = find(id);
      vs.server = virtualServer({ ...vs.server, ...(patch as object), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => typeof v === 'object' && v !== null && !Array.isArray(v)).map(([k, v]) => [k, { ...(vs.server as any)[k], ...(v as object) }])) });
      publish();
      return vs.server;
    },
    async addRule(kind, serverId, match) {
      const r = { ...rule(match), virtual_server_id: serverId };
      (kind === 'connection-rules' ? find(serverId).connectionRules : find(serverId).relayRules).push(r);
      publish();
      return r.id;
    },
    async deleteRule(kind, serverId, ruleId) {
      const vs = find(serverId);
      if (kind === 'connection-rules') vs.connectionRules = vs.connectionRules.filter((r) => r.id !== ruleId);
      else vs.relayRules = vs.relayRules.filter((r) => r.id !== ruleId);
      publish();
    },
    async addRemoteDomain(serverId, fields) {
      const rd = { ...remoteDomain(String(fields.name), Boolean(fields.allow_incoming_relay)), virtual_server_id: serverId };
      find(serverId).remoteDomains.push(rd);
      publish();
      return rd.id;
    },
    async createAccount(name, domain, password) {
      const id = randomUUID();
      config.accounts.push({ id, name, domain, password });
      return id;
    },
    async issueToken(accountId) {
      const token = randomBytes(24).toString('base64url');
      config.tokens.set(createHash('sha256').update(token).digest('hex'), accountId);
      return token;
    },
    async createCertificate(commonName) {
      const id = randomUUID();
      const pair = await createSelfSignedCertificate({ commonName, altNames: [], keyAlgorithm: 'ECDSA_P256', validityDays: 30 });
      config.certificates.set(id, { certificate_pem: pair.certificatePem, private_key_pem: pair.privateKeyPem });
      return id;
    },
    async stop() {
      await plane.stop();
      await queue.close();
      await sink.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
