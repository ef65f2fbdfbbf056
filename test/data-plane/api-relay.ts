// A RelayHarness over the real relay (startRelay from main.ts, in this process), configured only through its HTTP API.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VirtualServer } from '@relayform/schema/model.ts';
import { createLogger } from '../../relay-service/src/logger.ts';
import { startRelay } from '../../relay-service/src/main.ts';
import { apiClient, type ApiResult } from '../support/relay-process.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import type { RelayHarness } from './relay-harness.ts';

/** The API answered something other than `expected`: the error names the call and the body. */
function expectStatus<T>(result: ApiResult<T>, expected: number, call: string): T {
  if (result.status !== expected) throw new Error(`${call}: HTTP ${result.status} ${result.text}`);
  return result.body as T;
}

/**
 * Starts the relay on a temp data dir with an admin token, and a smtp-sink that every virtual
 * server created here uses as smart host (with a 3 s retry) unless the fields say otherwise.
 * `dnsServer` points the relay's DNS at a fake DNS.
 */
export async function startApiRelay(options: { dnsServer?: string } = {}): Promise<RelayHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-dp-api-'));
  const token = `test-admin-${randomBytes(12).toString('hex')}`;
  const sink = await startSmtpSink();
  const relay = await startRelay({
    dataDir, apiHost: '127.0.0.1', apiPort: 0, adminToken: token, logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    dnsServers: options.dnsServer ? [options.dnsServer] : undefined,
  }).catch(async (error: unknown) => { await sink.stop(); throw error; });
  const api = apiClient(relay.apiUrl, token);
  const call = async <T>(method: string, path: string, body: unknown, expected: number) =>
    expectStatus<T>(await api<T>(method, path, body), expected, `${method} ${path}`);
  const servers = '/v1/virtual-servers';
  return {
    dataDir,
    api,
    sink,
    createServer: (fields) => call<VirtualServer>('POST', servers, {
      delivery: { smart_host: sink.host, smart_host_port: sink.port, retry_intervals_minutes: [0.05] }, ...fields,
    }, 201),
    patchServer: (id, patch) => call<VirtualServer>('PATCH', `${servers}/${id}`, patch, 200),
    addRule: async (kind, serverId, match) => (await call<{ id: string }>('POST', `${servers}/${serverId}/${kind}`, match, 201)).id,
    deleteRule: async (kind, serverId, ruleId) => { await call('DELETE', `${servers}/${serverId}/${kind}/${ruleId}`, undefined, 204); },
    addRemoteDomain: async (serverId, fields) => (await call<{ id: string }>('POST', `${servers}/${serverId}/remote-domains`, fields, 201)).id,
    createAccount: async (name, domain, password) => (await call<{ id: string }>('POST', '/v1/accounts', { name, domain, password_wo: password, password_wo_version: 1 }, 201)).id,
    issueToken: async (accountId) => (await call<{ token: string }>('POST', '/v1/tokens', { account_id: accountId }, 201)).token,
    createCertificate: async (commonName, keyAlgorithm) => (await call<{ id: string }>('POST', '/v1/certificates',
      { name: commonName, common_name: commonName, ...(keyAlgorithm ? { key_algorithm: keyAlgorithm } : {}) }, 201)).id,
    async stop() {
      await relay.stop();
      await sink.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
