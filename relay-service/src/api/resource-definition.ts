// What the generic CRUD routes need to know about one kind of configuration object.
import type { JsonSchema } from '@relayform/schema/schemas/json-schema.ts';
import type { ValidationDetail } from '@relayform/schema/validation-detail.ts';
import type { ProcessListenerStates } from '../smtp/listener-state.ts';
import type { ConfigReads, ConfigTransaction, ObjectKind, StoredObject } from '../store/config-store.ts';

/** What the running relay reports about objects rather than stores: the listener states of this node's data-plane processes. */
export interface LiveView {
  listenerStates(): Promise<ProcessListenerStates[]>;
}

/** A write-only request field and where its sealed (encrypted, maybe also hashed) form is kept. */
export interface SecretField {
  /** Location in the request document, e.g. ['delivery', 'outbound_security', 'password_wo']. */
  path: string[];
  /** Key in StoredObject.secrets of the AES-GCM ciphertext. */
  sealedAs: string;
  /** Key of a slow salted hash as well (account passwords, for constant-time login checks). */
  hashedAs?: string;
}

/** Who may use an operation: the admin only; admin or an operator of the virtual server; admin or the account itself. */
export type Access = 'admin' | 'server' | 'self';

/** Facts a resource's hooks may use while completing a write. */
export interface WriteContext {
  id: string;
  parentId: string | null;
  existing: StoredObject | null;
  /** Clear values of the write-only fields present in this request, by `sealedAs`. */
  newSecrets: Record<string, string>;
  dataDir: string;
  hostName: string;
}

export interface ResourceDefinition {
  kind: ObjectKind;
  /** components.schemas name and the noun used in messages, e.g. "VirtualServer". */
  title: string;
  /** e.g. `/v1/accounts` or `/v1/virtual-servers/{virtual_server_id}/operators`. */
  collectionPath: string;
  /** True for children of a virtual server (parent id from the URL, field virtual_server_id). */
  nested: boolean;
  schema: JsonSchema;
  secrets: SecretField[];
  access: { read: Access; create: Access; update: Access; delete: Access };
  /** Top-level fields only the admin may set or change (403 for an operator), e.g. host file system paths. */
  adminOnly?: string[];
  /** True when no field may change after creation (422 "is immutable"). */
  immutable?: boolean;
  /** Children deleted with the object (one audit entry each). */
  cascade?: ObjectKind[];
  /** After defaults, outside any transaction: fill server fields, cross-field checks, slow work. Mutates `doc`. */
  complete?(doc: Record<string, unknown>, context: WriteContext): Promise<ValidationDetail[]>;
  /**
   * What a valid document matches or does beyond what it seems to say. Accepted (a 422 would break configurations that
   * already hold such objects); each detail goes back with the write's answer as a `Warning: 299` header.
   */
  warnings?(doc: Record<string, unknown>): ValidationDetail[];
  /** Inside the write transaction: throw ApiError for a missing reference (422) or a duplicate (409). */
  checkWrite?(doc: Record<string, unknown>, context: { id: string; parentId: string | null }, reads: ConfigReads): Promise<void>;
  /** Inside the delete transaction: throw ApiError 409 while something still refers to the object. */
  checkDelete?(object: StoredObject, reads: ConfigReads): Promise<void>;
  /**
   * Read-only members the running relay reports rather than stores (e.g. `listener_state`): `read` gives their values for
   * each object of one response (one look at the data plane per response). A write body may carry them, as a document read
   * and sent back does; they are ignored there.
   */
  live?: { fields: string[]; read(objects: StoredObject[], view: LiveView): Promise<Array<Record<string, unknown>>> };
  /**
   * The collection can be replaced as a whole (PUT on it: ResourceService.replaceList), and what tells its objects apart
   * there: an item with a stored object's key keeps that object and its id, no two items may share a key, and a list read
   * that names a manager marks every object listed (the list is what that tool manages).
   */
  listKey?(doc: Record<string, unknown>): string;
  /** Inside the delete transaction, after the object is gone (e.g. revoke an account's tokens). */
  afterDelete?(object: StoredObject, tx: ConfigTransaction): Promise<void>;
}
