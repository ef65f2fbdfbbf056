// The ephemeral resource author's interface (Terraform 1.10+): open a short-lived value, renew it, close it; nothing is stored.
import type { Logger } from '../plugin/logger.ts';
import type { PrivateData } from './private-data.ts';
import type { ObjectSchema } from './schema/object-schema.ts';

/** What open, renew and close get: the provider's configured client and this instance's private data. */
export interface EphemeralResourceContext<Client> {
  client: Client;
  /**
   * Set in open, handed back to renew and close (e.g. the id of what to close). Terraform keeps it in memory for
   * the run only, never in state or plan, but it is still no place for the secret itself.
   */
  private: PrivateData;
  logger: Logger;
}

/** What open returns: the result object, and when Terraform should call renew (omitted: never). */
export interface Opened<Model> {
  result: Model;
  renewAt?: Date;
}

/**
 * An ephemeral resource (one file per Terraform type under ephemeral-resources/). Terraform opens it each time a
 * run needs its value (plan and apply alike, each a separate open), and closes it once the run no longer does.
 *
 * Contract (the framework guarantees the protocol side):
 * - open(config): config is known (Terraform does not open while it is not) with defaults applied. Return the
 *   whole result, computed attributes filled. Throw DiagnosticsError on failure.
 * - renew(context): optional; called when `renewAt` passes while the run still needs the value. Returns the next
 *   renewAt (or none). Without renew, open must not ask for one.
 * - close(context): optional; release what open acquired (revoke, unlock); treat "already gone" as success.
 */
export interface EphemeralResource<Model extends object, Client> {
  typeName: string;
  schema: ObjectSchema;
  open(config: Model, context: EphemeralResourceContext<Client>): Promise<Opened<Model>>;
  renew?(context: EphemeralResourceContext<Client>): Promise<{ renewAt?: Date }>;
  close?(context: EphemeralResourceContext<Client>): Promise<void>;
}

/** Erases the model type so ephemeral resources of different models share one registry. */
export type AnyEphemeralResource<Client> = EphemeralResource<any, Client>;
