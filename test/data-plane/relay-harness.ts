// What data-plane tests need from a running relay: configuration changes the way an operator makes them.
import type { KeyAlgorithm, VirtualServer } from '@relayform/schema/model.ts';
import type { ApiCall } from '../support/relay-process.ts';
import type { SmtpSink } from '../support/smtp-sink.ts';

/** A relay under test; every change is a committed configuration change that listeners see. */
export interface RelayHarness {
  dataDir: string;
  /** The management API as admin, for calls the helpers below do not cover. */
  api: ApiCall;
  /** The smart host every test server delivers to unless its fields say otherwise: nothing leaves loopback. */
  sink: SmtpSink;
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
  stop(): Promise<void>;
}
