// Configuration changes the way an operator makes them, over a test relay's management API (the data-plane tests' vocabulary).
//
//   const sink = await startSmtpSink();
//   const relay = await startTestRelay();
//   const operator = relayOperator(relay.api, { smartHost: sink });      // servers created here deliver to the sink
//   const vs = await operator.createServer({ name: 'edge', port });       // the server with the API's defaults filled in
//   await operator.addRule('relay-rules', vs.id, { cidr: '127.0.0.0/8' });
import type { KeyAlgorithm, VirtualServer } from '@relayform/schema/model.ts';
import { expectStatus, type ApiCall } from './api-client.ts';

/** Every call is a committed configuration change that listeners see; a status other than the expected one throws. */
export interface RelayOperator {
  /** Creates a virtual server from API fields (name and port at least); returns it with defaults filled in. */
  createServer(fields: Record<string, unknown>): Promise<VirtualServer>;
  /** JSON merge patch of a virtual server. */
  patchServer(id: string, patch: Record<string, unknown>): Promise<VirtualServer>;
  /** Adds a connection or relay rule (one match form); returns its id. */
  addRule(kind: 'connection-rules' | 'relay-rules', serverId: string, match: Record<string, unknown>): Promise<string>;
  deleteRule(kind: 'connection-rules' | 'relay-rules', serverId: string, ruleId: string): Promise<void>;
  addRemoteDomain(serverId: string, fields: Record<string, unknown>): Promise<string>;
  /** Creates an account; returns its id. */
  createAccount(name: string, domain: string, password: string): Promise<string>;
  /** Issues a bearer token for an account (usable for SMTP AUTH XOAUTH2). */
  issueToken(accountId: string): Promise<string>;
  /** Generates a self-signed certificate on the relay (the API's default key, RSA 2048, unless `keyAlgorithm`); returns its id. */
  createCertificate(commonName: string, keyAlgorithm?: KeyAlgorithm): Promise<string>;
}

/**
 * The operator's calls over `api` (the admin's). With `smartHost`, every virtual server created here delivers to it
 * (with a 3 s retry) unless the fields give their own `delivery`: nothing leaves loopback.
 */
export function relayOperator(api: ApiCall, options: { smartHost?: { host: string; port: number } } = {}): RelayOperator {
  const call = async <T>(method: string, path: string, body: unknown, expected: number) =>
    expectStatus<T>(await api<T>(method, path, body), expected, `${method} ${path}`);
  const servers = '/v1/virtual-servers';
  const { smartHost } = options;
  return {
    createServer: (fields) => call<VirtualServer>('POST', servers, {
      ...(smartHost ? { delivery: { smart_host: smartHost.host, smart_host_port: smartHost.port, retry_intervals_minutes: [0.05] } } : {}), ...fields,
    }, 201),
    patchServer: (id, patch) => call<VirtualServer>('PATCH', `${servers}/${id}`, patch, 200),
    addRule: async (kind, serverId, match) => (await call<{ id: string }>('POST', `${servers}/${serverId}/${kind}`, match, 201)).id,
    deleteRule: async (kind, serverId, ruleId) => { await call('DELETE', `${servers}/${serverId}/${kind}/${ruleId}`, undefined, 204); },
    addRemoteDomain: async (serverId, fields) => (await call<{ id: string }>('POST', `${servers}/${serverId}/remote-domains`, fields, 201)).id,
    createAccount: async (name, domain, password) => (await call<{ id: string }>('POST', '/v1/accounts', { name, domain, password_wo: password, password_wo_version: 1 }, 201)).id,
    issueToken: async (accountId) => (await call<{ token: string }>('POST', '/v1/tokens', { account_id: accountId }, 201)).token,
    createCertificate: async (commonName, keyAlgorithm) => (await call<{ id: string }>('POST', '/v1/certificates',
      { name: commonName, common_name: commonName, ...(keyAlgorithm ? { key_algorithm: keyAlgorithm } : {}) }, 201)).id,
  };
}
