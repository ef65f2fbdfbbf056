// Create/read/update/delete of one resource kind: authorization, preconditions, secrets, integrity and audit.
import { createHash, randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { SecretBox } from '../auth/secret-box.ts';
import { markSecretsWritten, recordAudit } from '../audit/audit-trail.ts';
import type { ValidationDetail } from '@relayform/schema/validation-detail.ts';
import type { ConfigStore, ConfigTransaction, StoredObject } from '../store/config-store.ts';
import { ApiError } from './api-error.ts';
import { canManageServer } from './authorize.ts';
import { etagOf, ifMatchHolds } from './etag.ts';
import { listAudit, listChange, listItems, prepareItems } from './list-replacement.ts';
import { managedByMember } from './managed-by.ts';
import { actorName, type Principal } from './principal.ts';
import type { Access, LiveView, ResourceDefinition } from './resource-definition.ts';
import { SecretSealing } from './secret-sealing.ts';
import { prepareWrite } from './write-document.ts';

/** Everything a resource service needs from the running relay. */
export interface ResourceDeps {
  store: ConfigStore;
  secretBox: SecretBox;
  dataDir: string;
  hostName: string;
  /** This node's data-plane listener states; none when absent (no data plane wired, e.g. an API-only test). */
  listenerStates?: LiveView['listenerStates'];
}

/** Random, URL-safe, 20 characters (120 bits). */
function newId(): string {
  return randomBytes(15).toString('base64url');
}

/**
 * The id a create with an Idempotency-Key gets: the same for the same caller, kind, parent and key, so a create
 * sent again (its answer was lost: the relay restarted, the connection broke) finds the object it made the first
 * time instead of making a second one. Other callers' keys can never name it.
 */
function idForKey(principal: Principal, kind: string, parentId: string | null, key: string): string {
  const caller = principal.kind === 'admin' ? 'admin'
    : principal.kind === 'account' ? `account:${principal.accountId}` : `directory:${principal.directoryId}:${principal.dn}`;
  return createHash('sha256').update([caller, kind, parentId ?? '', key].join('\0')).digest().subarray(0, 15).toString('base64url');
}

/** The operations behind one resource's routes; every write is one store transaction with its audit entries. */
export class ResourceService {
  private readonly sealing: SecretSealing;

  constructor(readonly definition: ResourceDefinition, private readonly deps: ResourceDeps) {
    this.sealing = new SecretSealing(deps.secretBox);
  }

  private async allowed(access: Access, principal: Principal, target: { id?: string; parentId: string | null }): Promise<boolean> {
    if (principal.kind === 'admin') return true;
    if (access === 'self') return principal.kind === 'account' && target.id === principal.accountId;
    if (access === 'server') return canManageServer(principal, this.definition.nested ? target.parentId! : target.id ?? '', this.deps.store);
    return false;
  }

  private async authorize(access: Access, principal: Principal, target: { id?: string; parentId: string | null }): Promise<void> {
    if (!(await this.allowed(access, principal, target))) throw ApiError.forbidden();
  }

  private async requireParent(parentId: string | null): Promise<void> {
    if (this.definition.nested && !(await this.deps.store.get('virtual_server', parentId!))) {
      throw ApiError.notFound(`Virtual server ${parentId}`);
    }
  }

  private async load(parentId: string | null, id: string): Promise<StoredObject> {
    await this.requireParent(parentId);
    const object = await this.deps.store.get(this.definition.kind, id);
    if (!object || object.parentId !== parentId) throw ApiError.notFound(`${this.definition.title} ${id}`);
    return object;
  }

  /**
   * The response bodies of `objects`: each stored document with the live members (definition.live) in schema order,
   * then `managed_by` (the tool that manages it, or null).
   */
  async present(objects: StoredObject[]): Promise<Array<Record<string, unknown>>> {
    const { live, schema, kind } = this.definition;
    if (objects.length === 0) return [];
    const managers = await this.deps.store.managers(kind, objects.map((object) => object.id));
    const marked = (object: StoredObject, doc: Record<string, unknown>) => ({ ...doc, [managedByMember]: managers.get(object.id) ?? null });
    if (!live) return objects.map((object) => marked(object, object.doc));
    const listenerStates = this.deps.listenerStates ?? (async () => []);
    const values = await live.read(objects, { listenerStates });
    const order = Object.keys(schema.properties ?? {});
    return objects.map((object, index) => {
      const doc: Record<string, unknown> = { ...object.doc, ...values[index] };
      return marked(object, Object.fromEntries(order.filter((name) => doc[name] !== undefined).map((name) => [name, doc[name]])));
    });
  }

  /**
   * Records that `manager` manages `object` (a create, read, update or import by that tool), unless it already is
   * recorded: a marked read writes once, not on every refresh. An object deleted meanwhile stays unmarked.
   */
  async markManaged(object: StoredObject, manager: string | undefined): Promise<void> {
    await this.markAllManaged([object], manager);
  }

  /** markManaged for many objects at once: one look at the markers, one transaction for those not yet marked (none: no write). */
  async markAllManaged(objects: StoredObject[], manager: string | undefined): Promise<void> {
    if (manager === undefined || objects.length === 0) return;
    const { kind } = this.definition;
    const managers = await this.deps.store.managers(kind, objects.map((object) => object.id));
    const unmarked = objects.filter((object) => managers.get(object.id) !== manager);
    if (unmarked.length === 0) return;
    await this.deps.store.transaction(async (tx) => {
      for (const object of unmarked) if (await tx.get(kind, object.id)) await tx.markManaged(kind, object.id, manager);
    });
  }

  /** Objects the principal may read; 403 when it may read none of this kind. */
  async list(principal: Principal, parentId: string | null): Promise<StoredObject[]> {
    await this.requireParent(parentId);
    const { access } = this.definition;
    if (this.definition.nested || access.read === 'admin') await this.authorize(access.read, principal, { parentId });
    const objects = await this.deps.store.list(this.definition.kind, parentId === null ? {} : { parentId });
    const visible = await Promise.all(objects.map((o) => this.allowed(access.read, principal, { id: o.id, parentId })));
    return objects.filter((_, index) => visible[index]);
  }

  async get(principal: Principal, parentId: string | null, id: string): Promise<StoredObject> {
    const object = await this.load(parentId, id);
    await this.authorize(this.definition.access.read, principal, { id, parentId });
    return object;
  }

  /**
   * Creates an object. With `idempotencyKey`, a create repeated with the same key returns the object the first one
   * made (unchanged since, or as it is now) instead of creating another.
   */
  async create(principal: Principal, parentId: string | null, body: unknown, idempotencyKey?: string): Promise<StoredObject> {
    await this.requireParent(parentId);
    await this.authorize(this.definition.access.create, principal, { parentId });
    const id = idempotencyKey === undefined ? newId() : idForKey(principal, this.definition.kind, parentId, idempotencyKey);
    if (idempotencyKey !== undefined) {
      const earlier = await this.deps.store.get(this.definition.kind, id);
      if (earlier) return earlier;
    }
    const prepared = await prepareWrite(this.definition, body, this.context(id, parentId, null));
    this.checkAdminOnly(principal, prepared.doc, null);
    return this.commit(principal, null, { id, parentId, ...prepared });
  }

  /** PUT (`body` is the full object) or PATCH (`body` was already merged onto the current object by the route). */
  async update(principal: Principal, parentId: string | null, id: string, body: unknown, ifMatch?: string): Promise<StoredObject> {
    const existing = await this.load(parentId, id);
    await this.authorize(this.definition.access.update, principal, { id, parentId });
    if (!ifMatchHolds(ifMatch, existing.version)) throw ApiError.preconditionFailed(etagOf(existing.version));
    const prepared = await prepareWrite(this.definition, body, this.context(id, parentId, existing));
    this.checkAdminOnly(principal, prepared.doc, existing);
    const newSecrets = this.sealing.changed(existing, prepared.newSecrets);
    // Terraform sends write-only values on every apply: an identical object and secret is no change.
    if (Object.keys(newSecrets).length === 0 && isDeepStrictEqual(prepared.doc, existing.doc)) return existing;
    return this.commit(principal, existing, { id, parentId, doc: prepared.doc, newSecrets }, ifMatch);
  }

  /**
   * PUT on a collection (definition.listKey; kinds without secrets): the parent's list becomes `body.items`, in one
   * transaction with one audit entry (`replace_list` on the parent, the difference only; none when nothing changed).
   * Each item is validated as its create would be, and one bad item changes nothing. An item keeps the stored object of its
   * key and its id (updated when another member differs), the others are created, and stored objects no item names are
   * deleted: the data plane and the audit log see only the difference. Answers the list as stored, in creation order, and
   * the items' warnings.
   */
  async replaceList(principal: Principal, parentId: string, body: unknown): Promise<{ objects: StoredObject[]; warnings: ValidationDetail[] }> {
    await this.requireParent(parentId);
    const { access, kind } = this.definition;
    for (const needed of new Set([access.create, access.update, access.delete])) await this.authorize(needed, principal, { parentId });
    const { docs, warnings } = await prepareItems(this.definition, listItems(body), this.context('', parentId, null));
    const objects = await this.deps.store.transaction(async (tx) => {
      if (!(await tx.get('virtual_server', parentId))) throw ApiError.notFound(`Virtual server ${parentId}`);
      const change = listChange(this.definition, await tx.list(kind, { parentId }), docs);
      for (const object of change.removed) await tx.delete(kind, object.id);
      for (const { before, doc } of change.changed) {
        await this.definition.checkWrite?.(doc, { id: before.id, parentId }, tx);
        await tx.put({ kind, id: before.id, parentId, doc, secrets: before.secrets });
      }
      for (const doc of change.added) {
        doc.id = newId();
        await this.definition.checkWrite?.(doc, { id: doc.id as string, parentId }, tx);
        await tx.put({ kind, id: doc.id as string, parentId, doc, secrets: {} });
      }
      if (change.removed.length + change.changed.length + change.added.length > 0) {
        await recordAudit(tx, { actor: actorName(principal), action: 'replace_list', object_type: kind, object_id: parentId, ...listAudit(change) });
      }
      return tx.list(kind, { parentId });
    });
    return { objects, warnings };
  }

  async remove(principal: Principal, parentId: string | null, id: string, ifMatch?: string): Promise<void> {
    await this.load(parentId, id);
    await this.authorize(this.definition.access.delete, principal, { id, parentId });
    await this.deps.store.transaction(async (tx) => {
      const current = await tx.get(this.definition.kind, id);
      if (!current) throw ApiError.notFound(`${this.definition.title} ${id}`);
      if (!ifMatchHolds(ifMatch, current.version)) throw ApiError.preconditionFailed(etagOf(current.version));
      await this.definition.checkDelete?.(current, tx);
      for (const kind of this.definition.cascade ?? []) {
        for (const child of await tx.list(kind, { parentId: id })) await this.deleteOne(tx, principal, child);
      }
      await this.deleteOne(tx, principal, current);
      await this.definition.afterDelete?.(current, tx);
    });
  }

  private async deleteOne(tx: ConfigTransaction, principal: Principal, object: StoredObject): Promise<void> {
    await tx.delete(object.kind, object.id);
    await recordAudit(tx, { actor: actorName(principal), action: 'delete', object_type: object.kind, object_id: object.id, before: object.doc, after: null });
  }

  /** 403 naming each admin-only field an operator tried to set or change. */
  private checkAdminOnly(principal: Principal, doc: Record<string, unknown>, existing: StoredObject | null): void {
    if (principal.kind === 'admin') return;
    const changed = (this.definition.adminOnly ?? []).filter((name) => existing === null || !isDeepStrictEqual(doc[name], existing.doc[name]));
    if (changed.length === 0) return;
    throw new ApiError(403, 'forbidden', 'Only the admin may set or change these fields.',
      changed.map((name) => ({ path: `$.${name}`, message: 'may only be set or changed by the admin' })));
  }

  private context(id: string, parentId: string | null, existing: StoredObject | null) {
    return { id, parentId, existing, newSecrets: {}, dataDir: this.deps.dataDir, hostName: this.deps.hostName };
  }

  private async commit(principal: Principal, existing: StoredObject | null,
    write: { id: string; parentId: string | null; doc: Record<string, unknown>; newSecrets: Record<string, string> }, ifMatch?: string): Promise<StoredObject> {
    const secrets = await this.sealing.seal(this.definition.secrets, existing, write.newSecrets);
    const written = this.definition.secrets.filter((f) => write.newSecrets[f.sealedAs] !== undefined).map((f) => f.path);
    const { kind } = this.definition;
    return this.deps.store.transaction(async (tx) => {
      if (existing) {
        const current = await tx.get(kind, write.id);
        if (!current) throw ApiError.notFound(`${this.definition.title} ${write.id}`);
        if (!ifMatchHolds(ifMatch, current.version)) throw ApiError.preconditionFailed(etagOf(current.version));
        if (current.version !== existing.version) throw ApiError.conflict('The object changed while this request was processed; read it again and retry.');
      } else {
        // The same Idempotency-Key twice at once: the first create won; this one returns its object.
        const earlier = await tx.get(kind, write.id);
        if (earlier) return earlier;
        if (this.definition.nested && !(await tx.get('virtual_server', write.parentId!))) throw ApiError.notFound(`Virtual server ${write.parentId}`);
      }
      await this.definition.checkWrite?.(write.doc, write, tx);
      const version = await tx.put({ kind, id: write.id, parentId: write.parentId, doc: write.doc, secrets });
      await recordAudit(tx, {
        actor: actorName(principal), action: existing ? 'update' : 'create', object_type: kind, object_id: write.id,
        before: existing?.doc ?? null, after: markSecretsWritten(write.doc, written),
      });
      return { kind, id: write.id, parentId: write.parentId, doc: write.doc, secrets, version };
    });
  }
}
