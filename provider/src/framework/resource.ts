// The resource author's interface: a typed model, a schema and CRUD methods; no protocol in sight.
import type { Logger } from '../plugin/logger.ts';
import type { ObjectSchema } from './schema/object-schema.ts';
import type { PrivateData } from './private-data.ts';

/** What every resource method gets: the provider's configured client and this instance's private data. */
export interface ResourceContext<Client> {
  client: Client;
  /** Read and write freely (e.g. the ETag of the object last seen); the framework persists it. */
  private: PrivateData;
  logger: Logger;
}

/**
 * A managed resource (one file per Terraform type under resources/). `Model` is the plain object shape
 * of the schema: attribute names as keys, null for unset, numbers as JS numbers.
 *
 * Contract (the framework guarantees the protocol side):
 * - create(plan): plan has defaults applied, computed values not yet known as null, write-only values
 *   taken from the configuration. Return the object as the API now has it. Throw DiagnosticsError on
 *   failure (with `partialState` if the remote object exists anyway).
 * - read(state): return the current object, or null when it no longer exists (404): Terraform then
 *   plans to create it again.
 * - update(plan, prior): only called when something changed and no replacement is needed. On failure
 *   the framework keeps the prior state, or the DiagnosticsError's `partialState` when the change was made anyway.
 * - delete(state): remove it; treat "already gone" as success.
 * - importState(id): optional; by default the framework reads `{ id }`.
 * Write-only attributes never reach state whatever these return.
 */
export interface Resource<Model extends object, Client> {
  typeName: string;
  schema: ObjectSchema;
  create(plan: Model, context: ResourceContext<Client>): Promise<Model>;
  read(state: Model, context: ResourceContext<Client>): Promise<Model | null>;
  update(plan: Model, prior: Model, context: ResourceContext<Client>): Promise<Model>;
  delete(state: Model, context: ResourceContext<Client>): Promise<void>;
  importState?(id: string, context: ResourceContext<Client>): Promise<Model | null>;
  /**
   * State upgraders by the version they upgrade FROM: upgraders[0] turns version-0 state (parsed JSON)
   * into version-1 state, and so on up to schema.version.
   */
  stateUpgraders?: Record<number, (prior: Record<string, unknown>) => Record<string, unknown>>;
}

/** Erases the model type so resources of different models share one registry. */
export type AnyResource<Client> = Resource<any, Client>;
