// Seals write-only secrets for storage (AES-GCM, plus a slow hash where logins check them) and spots unchanged ones.
import { hashPassword } from '../auth/password-hash.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import type { StoredObject } from '../store/config-store.ts';
import type { SecretField } from './resource-definition.ts';

/** Works on the clear secrets of one request, keyed by `SecretField.sealedAs`. */
export class SecretSealing {
  constructor(private readonly box: SecretBox) {}

  /** The secrets that differ from what `existing` stores (Terraform resends write-only values on every apply). */
  changed(existing: StoredObject, clearSecrets: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(clearSecrets).filter(([name, clear]) => {
      const sealed = existing.secrets[name];
      return sealed === undefined || this.box.decrypt(sealed) !== clear;
    }));
  }

  /** The object's secrets after this write: new values sealed (and hashed where asked), the others kept. */
  async seal(fields: SecretField[], existing: StoredObject | null, clearSecrets: Record<string, string>): Promise<Record<string, string>> {
    const secrets = { ...existing?.secrets };
    for (const field of fields) {
      const clear = clearSecrets[field.sealedAs];
      if (clear === undefined) continue;
      secrets[field.sealedAs] = this.box.encrypt(clear);
      if (field.hashedAs) secrets[field.hashedAs] = await hashPassword(clear);
    }
    return secrets;
  }
}
