// What the data plane may read of the configuration: snapshots, change events and secret look-ups.
import type { Account, ConnectionRule, RelayRule, RemoteDomain, VirtualServer } from '@relayform/schema/model.ts';

/** One virtual server with everything that hangs off it, as the data plane enforces it. */
export interface VirtualServerConfig {
  server: VirtualServer;
  connectionRules: ConnectionRule[];
  relayRules: RelayRule[];
  remoteDomains: RemoteDomain[];
}

/** Whose stored outbound secrets a route uses: a virtual server's delivery settings or a remote domain's. */
export type SecretOwner = { virtual_server_id: string } | { remote_domain_id: string };

/** The outbound secrets a route may have. */
export type OutboundSecretKind = 'password' | 'client_secret';

/** A consistent view of the whole configuration at one config version. */
export interface ConfigSnapshot {
  version: number;
  virtualServers: VirtualServerConfig[];
}

/** The credential a client presented and the account it proved. */
export interface AuthenticatedAccount {
  account: Pick<Account, 'id' | 'name' | 'domain'>;
}

/** The configuration as it changes: consistent snapshots, and an event after every committed change. */
export interface ConfigFeed {
  /** The current configuration; every call after a change event sees that change. */
  snapshot(): Promise<ConfigSnapshot>;
  /** Calls listener after every committed configuration change (on this node or, with a shared store, any node). Returns an unsubscribe function. */
  onChange(listener: () => void): () => void;
}

/** The secrets the data plane checks or uses, looked up one at a time and never part of a snapshot. */
export interface CredentialStore {
  /**
   * SMTP AUTH PLAIN/LOGIN: the account when name/domain/password match, else null. Constant-time on the password. Without
   * a local account of that name, the directory of that domain is asked (the account's id is then the user's DN); throws
   * DirectoryUnavailableError when it cannot be.
   */
  verifyPassword(name: string, domain: string, password: string): Promise<AuthenticatedAccount | null>;
  /** SMTP AUTH CRAM-MD5: the account's clear secret (kept encrypted at rest), or null for unknown accounts. */
  cramMd5Secret(name: string, domain: string): Promise<{ account: AuthenticatedAccount['account']; secret: string } | null>;
  /**
   * SMTP AUTH GSSAPI: the account of an identity a mechanism already proved (a Kerberos principal's name and realm),
   * or null. The one place where a verified external identity becomes an account (a directory can answer here too).
   */
  accountOfPrincipal(name: string, domain: string): Promise<AuthenticatedAccount | null>;
  /** SMTP AUTH XOAUTH2: the account a relay-issued bearer token belongs to, or null. `user` must match that account. */
  verifyBearerToken(user: string, token: string): Promise<AuthenticatedAccount | null>;
  /** PEM certificate chain and private key of a certificate, for STARTTLS; null when it does not exist. */
  certificateKeyPair(certificateId: string): Promise<{ certificate_pem: string; private_key_pem: string } | null>;
  /**
   * A clear outbound secret of a virtual server's delivery settings or of a remote domain (the AUTH password, or the
   * OAuth2 client secret), or null when none is set.
   */
  outboundSecret(owner: SecretOwner, secret: OutboundSecretKind): Promise<string | null>;
}

/**
 * The data plane's only door into the configuration: the feed and the credentials, implemented by the store layer
 * (store-config-reader.ts). The data plane never sees HTTP, tokens of the API or the store's tables.
 */
export interface ConfigReader extends ConfigFeed, CredentialStore {}
