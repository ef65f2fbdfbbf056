// Directory logins with a short-lived cache: a salted hash of a password that worked, and "no such user" for seconds.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { DirectoryClient, type DirectoryRefusal, type DirectorySettings, type DirectoryUser } from './directory-client.ts';

/** A directory as stored: its id and version (a changed directory starts with an empty cache) and its settings. */
export interface DirectoryRef {
  id: string;
  version: number;
  settings: DirectorySettings;
}

interface Positive {
  salt: Buffer;
  hash: Buffer;
  user: DirectoryUser;
  expires: number;
}

/** Most cached logins per process; past it the oldest are forgotten first. */
const maxEntries = 10_000;

// A fast salted hash is enough for an in-memory cache that lives cache_ttl_seconds; scrypt still makes a dumped heap
// useless for recovering passwords at any speed that matters.
const hashOf = (password: string, salt: Buffer) => new Promise<Buffer>((resolve, reject) =>
  scrypt(password, salt, 32, { N: 1024, r: 8, p: 1 }, (error, key) => (error ? reject(error) : resolve(key))));

/**
 * Checks logins against directories for one relay process. A success is remembered for `cache_ttl_seconds` as a salted
 * scrypt hash of the password with the user's DN and groups (never the password); a later login with the same password
 * within that time does not reach the directory, and one with another password does. "No such user" is remembered for
 * `negative_cache_seconds`; a wrong password never is (the AUTH throttle limits those). Throws DirectoryUnavailableError.
 */
export class DirectoryLogins {
  private readonly clients = new Map<string, { version: number; client: DirectoryClient }>();
  private readonly positive = new Map<string, Positive>();
  private readonly negative = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async authenticate(directory: DirectoryRef, login: string, password: string): Promise<DirectoryUser | DirectoryRefusal> {
    const key = `${directory.id}@${directory.version}\n${login.toLowerCase()}`;
    const now = this.now();
    const cached = this.positive.get(key);
    if (cached && cached.expires > now && timingSafeEqual(cached.hash, await hashOf(password, cached.salt))) return cached.user;
    if ((this.negative.get(key) ?? 0) > now) return 'unknown_user';
    const answer = await this.client(directory).authenticate(login, password);
    const { cache_ttl_seconds: ttl, negative_cache_seconds: negativeTtl } = directory.settings;
    if (answer === 'unknown_user' && negativeTtl > 0) this.remember(this.negative, key, now + negativeTtl * 1000);
    if (typeof answer === 'object' && ttl > 0) {
      const salt = randomBytes(16);
      this.remember(this.positive, key, { salt, hash: await hashOf(password, salt), user: answer, expires: now + ttl * 1000 });
      this.negative.delete(key);
    }
    return answer;
  }

  private client(directory: DirectoryRef): DirectoryClient {
    const kept = this.clients.get(directory.id);
    if (kept && kept.version === directory.version) return kept.client;
    const client = new DirectoryClient(directory.settings);
    this.clients.set(directory.id, { version: directory.version, client });
    return client;
  }

  private remember<T>(map: Map<string, T>, key: string, value: T): void {
    map.delete(key);
    map.set(key, value);
    for (const oldest of map.keys()) {
      if (map.size <= maxEntries) break;
      map.delete(oldest);
    }
  }
}
