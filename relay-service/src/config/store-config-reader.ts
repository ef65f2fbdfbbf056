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
import type { ConfigStore, ObjectKind, ObjectVersion, StoredObject } from '../store/config-store.ts';
import { ChildLists, ListEdits } from './child-lists.ts';

function accountOf(account: StoredObject): AuthenticatedAccount['account'] {
  const doc = account.doc as unknown as Account;
  return { id: account.id, name: doc.name, domain: doc.domain };
}

/** The kinds a snapshot is made of: the virtual servers and the children each one lists in its VirtualServerConfig. */
const childKinds = ['connection_rule', 'relay_rule', 'remote_domain'] as const;
type ChildKind = (typeof childKinds)[number];
const snapshotKinds = ['virtual_server', ...childKinds] as const;
type SnapshotKind = (typeof snapshotKinds)[number];
const isSnapshotKind = (kind: ObjectKind): kind is SnapshotKind => (snapshotKinds as readonly string[]).includes(kind);

/** An object as the last snapshot had it: unchanged objects keep their document object, so what is built from them (a rule index) is kept too. */
interface Known {
  parentId: string | null;
  version: number;
  position: number;
  doc: unknown;
}

/** An object that came, went or changed, as a refresh learned it: where it is now, or null when it is gone. */
interface Change {
  kind: SnapshotKind;
  id: string;
  now: { parentId: string | null; version: number; position: number; doc: unknown } | null;
}

/**
 * Every call returns the committed state as of its start (no cache: SnapshotCache in front of it caches between
 * change events). A call after a change reads only what changed: from the store's change log (ConfigReads.changesSince),
 * or, when the log cannot tell (the first call, a reader that fell behind, a database from before the log), from the
 * versions of all objects, fetching the documents of those whose version differs. Only the lists an object came to,
 * left or changed in are made anew (child-lists.ts: sorted merges, no regrouping); the VirtualServerConfig of a server none
 * of whose objects changed is the previous one, the very same object. Calls run one after another.
 */
export class StoreConfigReader implements ConfigReader {
  private readonly known = new Map<SnapshotKind, Map<string, Known>>(snapshotKinds.map((kind) => [kind, new Map()]));
  /** Each kind's objects by parent (virtual servers under null), in creation order. */
  private readonly lists = new Map<SnapshotKind, ChildLists>(snapshotKinds.map((kind) => [kind, new ChildLists()]));
  private configs = new Map<string, VirtualServerConfig>();
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
    if (this.last) {
      const logged = await this.store.changesSince(this.last.version);
      if (logged) {
        if (logged.version === this.last.version) return this.last;
        const changes = logged.changes.flatMap(({ kind, id, now }): Change[] => (isSnapshotKind(kind)
          ? [{ kind, id, now: now && { parentId: now.object.parentId, version: now.object.version, position: now.position, doc: now.object.doc } }]
          : []));
        return this.apply(logged.version, changes);
      }
    }
    // A commit between the reads below shows as a new version at the end: read again (rarely more than once).
    for (;;) {
      const version = await this.store.configVersion();
      if (this.last && this.last.version === version) return this.last;
      const stamps = await Promise.all(snapshotKinds.map((kind) => this.store.listVersions(kind)));
      const changes = (await Promise.all(snapshotKinds.map((kind, k) => this.changedObjects(kind, stamps[k])))).flat();
      if (await this.store.configVersion() !== version) continue;
      return this.apply(version, changes);
    }
  }

  /** What differs between the stored versions of a kind and the known objects: documents one by one when few, else the whole kind in one read. */
  private async changedObjects(kind: SnapshotKind, stamps: ObjectVersion[]): Promise<Change[]> {
    const known = this.known.get(kind)!;
    const changed = stamps.filter((stamp) => {
      const before = known.get(stamp.id);
      return before?.version !== stamp.version || before.position !== stamp.position || before.parentId !== stamp.parentId;
    });
    const gone: Change[] = [];
    let stillThere = 0;
    for (const stamp of stamps) if (known.has(stamp.id)) stillThere += 1;
    if (stillThere !== known.size) {
      const present = new Set(stamps.map((stamp) => stamp.id));
      for (const id of known.keys()) if (!present.has(id)) gone.push({ kind, id, now: null });
    }
    if (changed.length === 0) return gone;
    const positions = new Map(changed.map((stamp) => [stamp.id, stamp.position]));
    const objects = changed.length > 16 && changed.length * 4 > stamps.length
      ? (await this.store.list(kind)).filter((object) => positions.has(object.id))
      : (await Promise.all(changed.map((stamp) => this.store.get(kind, stamp.id)))).filter((o): o is StoredObject => o !== null);
    return [...gone, ...objects.map((object): Change => ({
      kind, id: object.id, now: { parentId: object.parentId, version: object.version, position: positions.get(object.id)!, doc: object.doc },
    }))];
  }

  /** The snapshot at `version`: the last one with `changes` applied (an object listed that did not really change is skipped). */
  private apply(version: number, changes: Change[]): ConfigSnapshot {
    /** Virtual servers whose config must be built anew: changed themselves, or a child of theirs came, went or changed. */
    const dirty = new Set<string>();
    const edits = new Map<SnapshotKind, ListEdits>();
    for (const { kind, id, now } of changes) {
      const known = this.known.get(kind)!;
      const before = known.get(id);
      if (before && now && before.version === now.version && before.position === now.position && before.parentId === now.parentId) continue;
      let edit = edits.get(kind);
      if (!edit) edits.set(kind, (edit = new ListEdits()));
      if (before) {
        edit.remove(before.parentId, before.position);
        dirty.add(kind === 'virtual_server' ? id : before.parentId ?? '');
      }
      if (now) {
        known.set(id, now);
        edit.add(now.parentId, now.position, id, now.doc);
        dirty.add(kind === 'virtual_server' ? id : now.parentId ?? '');
      } else {
        known.delete(id);
      }
    }
    for (const [kind, edit] of edits) this.lists.get(kind)!.apply(edit);
    if (this.last && dirty.size === 0) {
      this.last = { version, virtualServers: this.last.virtualServers };
      return this.last;
    }
    const servers = this.lists.get('virtual_server')!.group(null);
    const configs = new Map<string, VirtualServerConfig>();
    // A server without children gets empty lists of its own (a snapshot's lists are never shared or changed in place).
    const listOf = <T>(kind: ChildKind, id: string): T[] => (this.lists.get(kind)!.group(id)?.items ?? []) as T[];
    const virtualServers = (servers?.items ?? []).map((doc, index): VirtualServerConfig => {
      const id = servers!.ids[index];
      const before = this.configs.get(id);
      const config = before && !dirty.has(id) ? before : {
        server: doc as VirtualServer,
        connectionRules: listOf<ConnectionRule>('connection_rule', id),
        relayRules: listOf<RelayRule>('relay_rule', id),
        remoteDomains: listOf<RemoteDomain>('remote_domain', id),
      };
      configs.set(id, config);
      return config;
    });
    this.configs = configs;
    this.last = { version, virtualServers };
    return this.last;
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
