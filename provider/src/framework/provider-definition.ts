// What a provider declares: its configuration schema, how to build its client, its resources, data sources and ephemeral resources.
import type { Logger } from '../plugin/logger.ts';
import type { AnyDataSource } from './data-source.ts';
import type { AnyEphemeralResource } from './ephemeral-resource.ts';
import type { AnyResource } from './resource.ts';
import type { ObjectSchema } from './schema/object-schema.ts';

/**
 * A provider. `configure` runs once per Terraform operation (ConfigureProvider) with the provider
 * block's values (unset = null) and builds the ONE client handed to every resource, data source and ephemeral resource;
 * it throws DiagnosticsError for bad settings. The context carries the provider's log and the process's one abort
 * signal, fired by StopProvider: the client passes it to every request and wait so a cancel ends them at once.
 */
export interface ConfigureContext {
  terraformVersion: string;
  logger: Logger;
  signal: AbortSignal;
}

export interface ProviderDefinition<Client, Config extends object = Record<string, unknown>> {
  /** The provider's type name: resource types must start with `${typeName}_`. */
  typeName: string;
  schema: ObjectSchema;
  configure(config: Config, context: ConfigureContext): Promise<Client>;
  /**
   * The client the resources' operations use (create, read, update, delete, import), derived once from the configured
   * one: e.g. one that marks its requests as made for managed objects. Absent: the configured client. Data sources and
   * ephemeral resources always get the configured client itself.
   */
  resourceClient?(client: Client): Client;
  resources: AnyResource<Client>[];
  dataSources: AnyDataSource<Client>[];
  ephemeralResources: AnyEphemeralResource<Client>[];
}
