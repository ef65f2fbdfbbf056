// The data source author's interface: read a configuration into a full object.
import type { Logger } from '../plugin/logger.ts';
import type { ObjectSchema } from './schema/object-schema.ts';

/** What a data source read gets: the provider's configured client. */
export interface DataSourceContext<Client> {
  client: Client;
  logger: Logger;
}

/**
 * A data source (one file per Terraform type under data-sources/). read(config) receives the
 * configuration (known values only: Terraform defers reads while config is unknown) and returns the
 * complete object, computed attributes filled. Throw DiagnosticsError on failure.
 */
export interface DataSource<Model extends object, Client> {
  typeName: string;
  schema: ObjectSchema;
  read(config: Model, context: DataSourceContext<Client>): Promise<Model>;
}

export type AnyDataSource<Client> = DataSource<any, Client>;
