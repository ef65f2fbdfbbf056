// ConfigReader (the data plane's view of the configuration) implemented on a ConfigStore.
import type {
  AuthenticatedAccount, ConfigReader, ConfigSnapshot, OutboundSecretKind, SecretOwner, VirtualServerConfig,
} from './config-reader.ts';
import type { Account, ConnectionRule, RelayRule, RemoteDomain, VirtualServer } from '@relayform/schema/model.ts';
import { checkAccountPassword, findAccount, resolveBearerToken } from '../auth/account-credentials.ts';
import { parsePrincipalName, samePrincipal } from '../auth/principal-name.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import type { ConfigStore, StoredObject } from '../store/config-store.ts';

function accountOf(account: StoredObject): AuthenticatedAccount['account'] {
  const doc = account.doc as unknown as Account;
  return { id: account.id, name: doc.name, domain: doc.domain };
}

/** Reads committed state on every call (no cache), so a change is visible as soon as its event fires. */
export class StoreConfigReader implements ConfigReader {
  constructor(private readonly store: ConfigStore, private readonly secrets: SecretBox) {}

  async snapshot(): Promise<ConfigSnapshot> {
    // Started together so a synchronous engine (SQLite) answers them all from one committed state.
    const [version, servers, connectionRules, relayRules, remoteDomains] = await Promise.all([
      this.store.configVersion(),
      ...(['virtual_server', 'connection_rule', 'relay_rule', 'remote_domain'] as const).map((kind) => this.store.list(kind)),
    ]);
    const childrenOf = <T>(objects: StoredObject[], id: string) => objects.filter((o) => o.parentId === id).map((o) => o.doc as unknown as T);
    const virtualServers: VirtualServerConfig[] = servers.map((s) => ({
      server: s.doc as unknown as VirtualServer,
      connectionRules: childrenOf<ConnectionRule>(connectionRules, s.id),
      relayRules: childrenOf<RelayRule>(relayRules, s.id),
      remoteDomains: childrenOf<RemoteDomain>(remoteDomains, s.id),
    }));
    return { version, virtualServers };
  }

  onChange(listener: () => void): () => void {
    return this.store.onChange(listener);
  }

  async verifyPassword(name: string, domain: string, password: string): Promise<AuthenticatedAccount | null> {
    const account = await checkAccountPassword(this.store, { name, domain }, password);
    return account ? { account: accountOf(account) } : null;
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
