// ConfigReader (the data plane's view of the configuration) implemented on a ConfigStore.
import type {
  AuthenticatedAccount, ConfigReader, ConfigSnapshot, OutboundSecretKind, SecretOwner, VirtualServerConfig,
} from './config-reader.ts';
import type { Account, ConnectionRule, RelayRule, RemoteDomain, VirtualServer } from '@relayform/schema/model.ts';
import { checkAccountPassword, findAccount, resolveBearerToken } from '../auth/account-credentials.ts';
import { parsePrincipalName, samePrincipal } from '../auth/principal-name.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import { checkDirectoryPassword } from '../directory/directory-accounts.ts';
import { DirectoryLogins } from '../directory/directory-logins.ts';
import type { ConfigStore, ObjectVersion, StoredObject } from '../store/config-store.ts';

function accountOf(account: StoredObject): AuthenticatedAccount['account'] {
  const doc = account.doc as unknown as Account;
  return { id: account.id, name: doc.name, domain: doc.domain };
}

/** The kinds a snapshot is made of: the virtual servers and the children each one has in its VirtualServerConfig. */
const childLists = { connection_rule: 'connectionRules', relay_rule: 'relayRules', remote_domain: 'remoteDomains' } as const;
type ChildKind = keyof typeof childLists;
const snapshotKinds = ['virtual_server', ...Object.keys(childLists) as ChildKind[]] as const;
type SnapshotKind = (typeof snapshotKinds)[number];

/** An object as the last snapshot had it: unchanged objects keep their document object, so what is built from them (a rule index) is kept too. */
interface Known {
  parentId: string | null;
  version: number;
  doc: unknown;
}

/**
 * Every call returns the committed state as of its start (no cache: SnapshotCache in front of it caches between
 * change events). A call after a change reads only what changed: the versions of all objects (no documents), then the
 * documents of the objects whose version differs; the VirtualServerConfig of a server none of whose objects changed is
 * the previous one, the very same object. Calls run one after another.
 */
export class StoreConfigReader implements ConfigReader {
  private readonly known = new Map<SnapshotKind, Map<string, Known>>(snapshotKinds.map((kind) => [kind, new Map()]));
  private last: ConfigSnapshot | null = null;
  private running: Promise<unknown> = Promise.resolve();

  /** `directoryLogins` keeps this process's directory login cache (the one stateful part: a short-lived cache). */
  constructor(private readonly store: ConfigStore, private readonly secrets: SecretBox, private readonly directoryLogins = new DirectoryLogins()) {}

  snapshot(): Promise<ConfigSnapshot> {
    const next = this.running.then(() => this.refresh(), () => this.refresh());
    this.running = next.catch(() => undefined);
    return next;
  }

  private async refresh(): Promise<ConfigSnapshot> {
    // A commit between the reads below shows as a new version at the end: read again (rarely more than once).
    for (;;) {
      const version = await this.store.configVersion();
      if (this.last && this.last.version === version) return this.last;
      const stamps = await Promise.all(snapshotKinds.map((kind) => this.store.listVersions(kind)));
      const fetched = await Promise.all(snapshotKinds.map((kind, k) => this.changedObjects(kind, stamps[k])));
      if (await this.store.configVersion() !== version) continue;
      this.last = this.apply(version, stamps, fetched);
      return this.last;
    }
  }

  /** The stored objects whose version this reader has not seen: one by one when few, else the whole kind in one read. */
  private async changedObjects(kind: SnapshotKind, stamps: ObjectVersion[]): Promise<StoredObject[]> {
    const known = this.known.get(kind)!;
    const changed = stamps.filter((stamp) => known.get(stamp.id)?.version !== stamp.version);
    if (changed.length === 0) return [];
    if (changed.length > 16 && changed.length * 4 > stamps.length) return this.store.list(kind);
    return (await Promise.all(changed.map((stamp) => this.store.get(kind, stamp.id)))).filter((o): o is StoredObject => o !== null);
  }

  private apply(version: number, stamps: ObjectVersion[][], fetched: StoredObject[][]): ConfigSnapshot {
    /** Virtual servers whose config must be built anew: changed themselves, or a child of theirs came, went or changed. */
    const dirty = new Set<string>();
    const rebuilt = new Set<SnapshotKind>();
    snapshotKinds.forEach((kind, k) => {
      const known = this.known.get(kind)!;
      const owner = (id: string, parentId: string | null) => dirty.add(kind === 'virtual_server' ? id : parentId ?? '');
      for (const object of fetched[k]) {
        const before = known.get(object.id);
        if (before?.version === object.version) continue;
        if (before) owner(object.id, before.parentId);
        owner(object.id, object.parentId);
        known.set(object.id, { parentId: object.parentId, version: object.version, doc: object.doc });
        rebuilt.add(kind);
      }
      if (known.size !== stamps[k].length) {
        const present = new Set(stamps[k].map((stamp) => stamp.id));
        for (const [id, gone] of known) {
          if (present.has(id)) continue;
          owner(id, gone.parentId);
          known.delete(id);
          rebuilt.add(kind);
        }
      }
    });
    const previous = new Map(this.last?.virtualServers.map((config) => [config.server.id, config]) ?? []);
    // Children grouped by server, in creation order (one pass over a kind's versions): for the kinds that changed, and
    // for all when a server is new to this reader (its children may be older than it).
    const grouped = new Map<ChildKind, Map<string, unknown[]>>();
    const newServer = [...dirty].some((id) => !previous.has(id));
    snapshotKinds.forEach((kind, k) => {
      if (kind === 'virtual_server' || !(rebuilt.has(kind) || newServer)) return;
      const known = this.known.get(kind)!;
      const byParent = new Map<string, unknown[]>();
      for (const stamp of stamps[k]) {
        const list = byParent.get(stamp.parentId ?? '') ?? [];
        if (list.length === 0) byParent.set(stamp.parentId ?? '', list);
        list.push(known.get(stamp.id)!.doc);
      }
      grouped.set(kind, byParent);
    });
    const servers = this.known.get('virtual_server')!;
    const virtualServers = stamps[0].map((stamp): VirtualServerConfig => {
      const before = previous.get(stamp.id);
      if (before && !dirty.has(stamp.id)) return before;
      const children = <T>(kind: ChildKind): T[] => {
        const byParent = grouped.get(kind);
        if (byParent) return (byParent.get(stamp.id) ?? []) as T[];
        return before ? before[childLists[kind]] as T[] : [];
      };
      return {
        server: servers.get(stamp.id)!.doc as VirtualServer,
        connectionRules: children<ConnectionRule>('connection_rule'),
        relayRules: children<RelayRule>('relay_rule'),
        remoteDomains: children<RemoteDomain>('remote_domain'),
      };
    });
    return { version, virtualServers };
  }

  onChange(listener: () => void): () => void {
    return this.store.onChange(listener);
  }

  async verifyPassword(name: string, domain: string, password: string): Promise<AuthenticatedAccount | null> {
    // A local account of that name and domain wins; only without one is the domain's directory asked.
    if (await findAccount(this.store, { name, domain })) {
      const account = await checkAccountPassword(this.store, { name, domain }, password);
      return account ? { account: accountOf(account) } : null;
    }
    const login = await checkDirectoryPassword(this.store, this.secrets, this.directoryLogins, { name, domain }, password);
    if (login) return { account: { id: login.user.dn, name, domain: String(login.directory.doc.domain) } };
    // No account and no directory (or a refusal): the same hashing work as a wrong local password.
    await checkAccountPassword(this.store, { name, domain }, password);
    return null;
  }

  async cramMd5Secret(name: string, domain: string): Promise<{ account: AuthenticatedAccount['account']; secret: string } | null> {
    const account = await findAccount(this.store, { name, domain });
    const sealed = account?.secrets.password_encrypted;
    return account && sealed ? { account: accountOf(account), secret: this.secrets.decrypt(sealed) } : null;
  }

  async accountOfPrincipal(name: string, domain: string): Promise<AuthenticatedAccount | null> {
    const account = await findAccount(this.store, { name, domain });
    return account ? { account: accountOf(account) } : null;
  }

  async verifyBearerToken(user: string, token: string): Promise<AuthenticatedAccount | null> {
    const owner = await resolveBearerToken(this.store, token);
    if (owner?.kind !== 'account') return null;
    const account = accountOf(owner.account);
    return samePrincipal(parsePrincipalName(user, account.domain), account) ? { account } : null;
  }

  async certificateKeyPair(certificateId: string): Promise<{ certificate_pem: string; private_key_pem: string } | null> {
    const certificate = await this.store.get('certificate', certificateId);
    const sealed = certificate?.secrets.private_key_encrypted;
    if (!certificate || !sealed) return null;
    return { certificate_pem: String(certificate.doc.certificate_pem), private_key_pem: this.secrets.decrypt(sealed) };
  }

  async outboundSecret(owner: SecretOwner, secret: OutboundSecretKind): Promise<string | null> {
    const object = 'virtual_server_id' in owner
      ? await this.store.get('virtual_server', owner.virtual_server_id)
      : await this.store.get('remote_domain', owner.remote_domain_id);
    const sealed = object?.secrets[secret === 'password' ? 'outbound_password_encrypted' : 'oauth2_client_secret_encrypted'];
    return sealed ? this.secrets.decrypt(sealed) : null;
  }
}
