// Asks one directory (Active Directory or OpenLDAP) whether a login and password are right, and for the user's groups.
import { Client, InvalidCredentialsError } from 'ldapts';
import { isIP } from 'node:net';
import { rootCertificates, type ConnectionOptions } from 'node:tls';
import type { Directory } from '@relayform/schema/model.ts';
import { defaultUserFilters } from '@relayform/schema/schemas/directory-schema.ts';
import { normalDn } from './distinguished-name.ts';
import { directMembershipFilter, inChainMembershipFilter, userFilter } from './ldap-filter.ts';

/** No directory server answered (or the service account was refused): a temporary failure, never "wrong password". */
export class DirectoryUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DirectoryUnavailableError';
  }
}

/** Why the directory said no: no (enabled) user of that name, or a wrong password. */
export type DirectoryRefusal = 'unknown_user' | 'wrong_password';

/** A user the directory vouched for: its DN and the DNs of every group it is in (nested ones included), as normalDn gives them. */
export interface DirectoryUser {
  dn: string;
  groups: string[];
}

/** A directory's settings with its service account's clear password (never logged, never returned). */
export type DirectorySettings = Omit<Directory, 'bind_password_wo'> & { bind_password: string };

function tlsOptions(settings: DirectorySettings, url: string): ConnectionOptions {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  // Verified always: rejectUnauthorized stays true; the CA PEM adds to the system roots. `host` is what the certificate
  // must name (also after StartTLS, where the socket exists already); SNI only carries names, never IP addresses (RFC 6066).
  return { host, ...(isIP(host) ? {} : { servername: host }), rejectUnauthorized: true, ...(settings.tls_ca_pem ? { ca: [...rootCertificates, settings.tls_ca_pem] } : {}) };
}

/**
 * One directory's client. Every call opens one connection (the first of `urls` that answers within `timeout_seconds`,
 * with StartTLS on ldap:// when `start_tls`), binds as the service account, finds the user with the filter, binds as the
 * user with the password, and (on success) binds back and reads the groups. Throws DirectoryUnavailableError when no URL
 * answers or the service account is refused; an unknown, ambiguous or disabled (filtered out) user is 'unknown_user'.
 */
export class DirectoryClient {
  /** Until when (ms) the service account is not tried again after the directory refused its password. */
  private serviceRefusedUntil = 0;

  constructor(private readonly settings: DirectorySettings, private readonly now: () => number = Date.now) {}

  async authenticate(login: string, password: string): Promise<DirectoryUser | DirectoryRefusal> {
    if (login === '') return 'unknown_user';
    // An empty password would be an LDAP "unauthenticated bind", which servers answer with success.
    if (password === '') return 'wrong_password';
    return this.withServiceConnection(async (client) => {
      const dn = await this.findUser(client, login);
      if (!dn) return 'unknown_user';
      try {
        await client.bind(dn, password);
      } catch (error) {
        if (error instanceof InvalidCredentialsError) return 'wrong_password';
        throw error;
      }
      await client.bind(this.settings.bind_dn, this.settings.bind_password);
      return { dn: normalDn(dn), groups: await this.groupsOf(client, dn, login) };
    });
  }

  /** The user's DN and groups without a password (for a cached login whose groups are re-read); null if gone or disabled. */
  async lookup(login: string): Promise<DirectoryUser | null> {
    return this.withServiceConnection(async (client) => {
      const dn = await this.findUser(client, login);
      return dn ? { dn: normalDn(dn), groups: await this.groupsOf(client, dn, login) } : null;
    });
  }

  private async findUser(client: Client, login: string): Promise<string | null> {
    const template = this.settings.user_filter ?? defaultUserFilters[this.settings.flavor];
    const { searchEntries } = await client.search(this.settings.user_search_base, {
      scope: 'sub', filter: userFilter(template, login), attributes: ['1.1'], sizeLimit: 2,
    });
    // Two matches: the filter is ambiguous for this name; refusing is the only safe answer.
    return searchEntries.length === 1 ? searchEntries[0].dn : null;
  }

  private async groupsOf(client: Client, dn: string, login: string): Promise<string[]> {
    const base = this.settings.group_search_base ?? this.settings.user_search_base;
    const search = async (filter: string) =>
      (await client.search(base, { scope: 'sub', filter, attributes: ['1.1'] })).searchEntries.map((e) => normalDn(e.dn));
    if (this.settings.flavor === 'active_directory') return search(inChainMembershipFilter(dn));
    const found = new Set<string>();
    let frontier = [dn];
    for (let depth = 0; depth < this.settings.max_group_depth && frontier.length > 0; depth++) {
      const groups = await search(directMembershipFilter(frontier, depth === 0 ? login : undefined));
      frontier = groups.filter((g) => !found.has(g));
      for (const group of frontier) found.add(group);
    }
    return [...found];
  }

  private async withServiceConnection<T>(use: (client: Client) => Promise<T>): Promise<T> {
    // A wrong bind password, retried on every login, would lock the service account out of the directory.
    if (this.serviceRefusedUntil > this.now()) {
      throw new DirectoryUnavailableError(`the service account (bind_dn) was refused; not tried again for ${serviceRefusalPauseMs / 1000} s after a refusal`);
    }
    const failures: string[] = [];
    for (const url of this.settings.urls) {
      const timeout = this.settings.timeout_seconds * 1000;
      const ldaps = url.startsWith('ldaps://');
      // ldapts speaks TLS from the first byte whenever tlsOptions is given, so ldap:// URLs get none (StartTLS takes its own).
      const client = new Client({ url, timeout, connectTimeout: timeout, ...(ldaps ? { tlsOptions: tlsOptions(this.settings, url) } : {}) });
      let connected = false;
      try {
        if (!ldaps && this.settings.start_tls) await client.startTLS(tlsOptions(this.settings, url));
        await client.bind(this.settings.bind_dn, this.settings.bind_password);
        connected = true;
        return await use(client);
      } catch (error) {
        if (connected) throw error instanceof DirectoryUnavailableError ? error : new DirectoryUnavailableError(`${url}: ${describe(error)}`);
        if (error instanceof InvalidCredentialsError) {
          this.serviceRefusedUntil = this.now() + serviceRefusalPauseMs;
          throw new DirectoryUnavailableError(`${url}: the service account (bind_dn) was refused`);
        }
        failures.push(`${url}: ${describe(error)}`);
      } finally {
        await client.unbind().catch(() => undefined);
      }
    }
    throw new DirectoryUnavailableError(`no directory server answered (${failures.join('; ')})`);
  }
}

/** How long a refused service account is left alone (a new bind password makes a new client, which tries at once). */
const serviceRefusalPauseMs = 60_000;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
