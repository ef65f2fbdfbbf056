// An in-memory ConfigReader for listener tests that need no management API: a mutable snapshot plus fixed accounts.
import { createHash } from 'node:crypto';
import type { AuthenticatedAccount, ConfigReader, ConfigSnapshot, VirtualServerConfig } from '../../relay-service/src/config/config-reader.ts';

interface MemoryAccount {
  id: string;
  name: string;
  domain: string;
  password: string;
}

/** Holds virtual servers, accounts, bearer tokens and certificates; `update` fires onChange like a committed API write. */
export class MemoryConfigReader implements ConfigReader {
  private version = 1;
  private readonly listeners = new Set<() => void>();
  readonly accounts: MemoryAccount[] = [];
  readonly tokens = new Map<string, string>();
  readonly certificates = new Map<string, { certificate_pem: string; private_key_pem: string }>();

  constructor(private servers: VirtualServerConfig[]) {}

  /** Replaces the virtual servers and notifies listeners. */
  update(servers: VirtualServerConfig[]): void {
    this.servers = servers;
    this.version += 1;
    for (const listener of this.listeners) listener();
  }

  async snapshot(): Promise<ConfigSnapshot> {
    return { version: this.version, virtualServers: structuredClone(this.servers) };
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async verifyPassword(name: string, domain: string, password: string): Promise<AuthenticatedAccount | null> {
    const a = this.find(name, domain);
    return a && a.password === password ? { account: { id: a.id, name: a.name, domain: a.domain } } : null;
  }

  async cramMd5Secret(name: string, domain: string) {
    const a = this.find(name, domain);
    return a ? { account: { id: a.id, name: a.name, domain: a.domain }, secret: a.password } : null;
  }

  async verifyBearerToken(user: string, token: string): Promise<AuthenticatedAccount | null> {
    const id = this.tokens.get(createHash('sha256').update(token).digest('hex'));
    const a = this.accounts.find((x) => x.id === id);
    const names = a ? [a.name, `${a.domain}\\${a.name}`, `${a.name}@${a.domain}`] : [];
    return a && names.some((n) => n.toLowerCase() === user.toLowerCase()) ? { account: { id: a.id, name: a.name, domain: a.domain } } : null;
  }

  async certificateKeyPair(certificateId: string) {
    return this.certificates.get(certificateId) ?? null;
  }

  async outboundPassword(): Promise<string | null> {
    return null;
  }

  private find(name: string, domain: string): MemoryAccount | undefined {
    return this.accounts.find((a) => a.name.toLowerCase() === name.toLowerCase() && a.domain.toLowerCase() === domain.toLowerCase());
  }
}
