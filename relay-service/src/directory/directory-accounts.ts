// Which directory answers for a login's domain, and the login checked against it: shared by SMTP AUTH and the API.
import type { Directory } from '@relayform/schema/model.ts';
import type { PrincipalName } from '../auth/principal-name.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import type { ConfigReads, StoredObject } from '../store/config-store.ts';
import type { DirectoryUser } from './directory-client.ts';
import type { DirectoryLogins, DirectoryRef } from './directory-logins.ts';

/** A directory user who just proved its password: the directory object and what the directory said about the user. */
export interface DirectoryLogin {
  directory: StoredObject;
  user: DirectoryUser;
}

/** The directory whose `domain` is this one (case-insensitive) and its settings with the bind password unsealed; null when none. */
export async function directoryForDomain(reads: ConfigReads, domain: string, box: SecretBox): Promise<{ object: StoredObject; ref: DirectoryRef } | null> {
  if (domain === '') return null;
  const object = (await reads.list('directory')).find((d) => String(d.doc.domain).toLowerCase() === domain.toLowerCase());
  const sealed = object?.secrets.bind_password_encrypted;
  if (!object || !sealed) return null;
  const { bind_password_wo: _none, ...doc } = object.doc as unknown as Directory;
  return { object, ref: { id: object.id, version: object.version, settings: { ...doc, bind_password: box.decrypt(sealed) } } };
}

/**
 * The login when `principal`'s domain has a directory and it accepts the name and password; null when there is no
 * such directory or it refuses. Throws DirectoryUnavailableError when the directory cannot be asked.
 */
export async function checkDirectoryPassword(reads: ConfigReads, box: SecretBox, logins: DirectoryLogins, principal: PrincipalName, password: string): Promise<DirectoryLogin | null> {
  const directory = await directoryForDomain(reads, principal.domain, box);
  if (!directory) return null;
  const answer = await logins.authenticate(directory.ref, principal.name, password);
  return typeof answer === 'object' ? { directory: directory.object, user: answer } : null;
}
