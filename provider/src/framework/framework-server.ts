// Implements the protocol's ProviderServer for a ProviderDefinition: routing by type name, schemas, validation, configure.
import type { Logger } from '../plugin/logger.ts';
import type { Diagnostic } from '../protocol/diagnostic.ts';
import { decodeDynamicValue, encodeDynamicValue, type DynamicValue } from '../protocol/dynamic-value.ts';
import type { ProviderServer, ServerCapabilities } from '../protocol/provider-server.ts';
import { isWhollyKnown } from '../protocol/value.ts';
import { DiagnosticsError, diagnosticsFrom } from './diagnostics-error.ts';
import { ephemeralOperations } from './ephemeral-operations.ts';
import { toModel, toState } from './model.ts';
import type { ProviderDefinition } from './provider-definition.ts';
import { resourceOperations } from './resource-operations.ts';
import { schemaType, toProtocolSchema, type ObjectSchema } from './schema/object-schema.ts';
import { upgradeState } from './state-upgrade.ts';
import { validateConfig } from './validate-config.ts';

const CAPABILITIES: ServerCapabilities = { planDestroy: true, getProviderSchemaOptional: true, moveResourceState: false };

/** A ProviderServer for `definition`. Holds the configured client for the life of the process. */
export function createProviderServer<Client>(definition: ProviderDefinition<Client, any>, logger: Logger): ProviderServer {
  let client: Client | undefined;
  let resourceClient: Client | undefined;
  // The process's one cancel: StopProvider fires it, and every request and wait of the client listens to it.
  const stop = new AbortController();
  const configured = (): Client => {
    if (client === undefined) throw new DiagnosticsError({ severity: 'error', summary: 'Provider not configured', detail: 'ConfigureProvider must succeed before resources are used.' });
    return client;
  };
  const forResources = (): Client => {
    configured();
    return resourceClient!;
  };
  const resources = new Map(definition.resources.map((r) => [r.typeName, { resource: r, ops: resourceOperations(r, forResources, logger) }]));
  const dataSources = new Map(definition.dataSources.map((d) => [d.typeName, d]));
  const ephemerals = new Map(definition.ephemeralResources.map((e) => [e.typeName, { resource: e, ops: ephemeralOperations(e, configured, logger) }]));
  for (const name of [...resources.keys(), ...dataSources.keys(), ...ephemerals.keys()]) {
    if (!name.startsWith(`${definition.typeName}_`)) throw new Error(`type ${name} must start with ${definition.typeName}_`);
  }
  const unknownType = (kind: string, name: string): Diagnostic[] =>
    [{ severity: 'error', summary: `Unknown ${kind} type`, detail: `This provider has no ${kind} "${name}".` }];
  const validate = (schema: ObjectSchema, config: DynamicValue | undefined) =>
    ({ diagnostics: validateConfig(schema.attributes, schema.validators, decodeDynamicValue(config, schemaType(schema))) });

  return {
    async getMetadata() {
      return {
        serverCapabilities: CAPABILITIES, resources: [...resources.keys()], dataSources: [...dataSources.keys()], ephemeralResources: [...ephemerals.keys()], diagnostics: [],
      };
    },
    async getProviderSchema() {
      return {
        serverCapabilities: CAPABILITIES,
        provider: toProtocolSchema(definition.schema),
        resourceSchemas: Object.fromEntries([...resources].map(([name, { resource }]) => [name, toProtocolSchema(resource.schema)])),
        dataSourceSchemas: Object.fromEntries([...dataSources].map(([name, d]) => [name, toProtocolSchema(d.schema)])),
        ephemeralResourceSchemas: Object.fromEntries([...ephemerals].map(([name, { resource }]) => [name, toProtocolSchema(resource.schema)])),
        diagnostics: [],
      };
    },
    async validateProviderConfig({ config }) {
      return validate(definition.schema, config);
    },
    async validateResourceConfig({ typeName, config }) {
      const entry = resources.get(typeName);
      return entry ? validate(entry.resource.schema, config) : { diagnostics: unknownType('resource', typeName) };
    },
    async validateDataResourceConfig({ typeName, config }) {
      const dataSource = dataSources.get(typeName);
      return dataSource ? validate(dataSource.schema, config) : { diagnostics: unknownType('data source', typeName) };
    },
    async upgradeResourceState({ typeName, version, rawState }) {
      const entry = resources.get(typeName);
      if (!entry) return { diagnostics: unknownType('resource', typeName) };
      const { state, diagnostics } = upgradeState(entry.resource, version, rawState.json);
      return { upgradedState: diagnostics.length ? undefined : encodeDynamicValue(state, schemaType(entry.resource.schema)), diagnostics };
    },
    async configureProvider({ config, terraformVersion }) {
      const value = decodeDynamicValue(config, schemaType(definition.schema));
      if (!isWhollyKnown(value)) {
        const detail = 'The provider block refers to values known only after apply; apply those first (-target) or use literal values.';
        return { diagnostics: [{ severity: 'error', summary: 'Provider configuration is not known yet', detail }] };
      }
      try {
        client = await definition.configure(toModel(value), { terraformVersion, logger, signal: stop.signal });
        resourceClient = definition.resourceClient ? definition.resourceClient(client) : client;
        return { diagnostics: [] };
      } catch (error) {
        return { diagnostics: diagnosticsFrom(error, 'Unable to configure the provider') };
      }
    },
    async readResource(request) {
      const entry = resources.get(request.typeName);
      return entry ? entry.ops.read(request) : { private: request.private, diagnostics: unknownType('resource', request.typeName) };
    },
    async planResourceChange(request) {
      const entry = resources.get(request.typeName);
      return entry ? entry.ops.plan(request) : { requiresReplace: [], plannedPrivate: request.priorPrivate, diagnostics: unknownType('resource', request.typeName) };
    },
    async applyResourceChange(request) {
      const entry = resources.get(request.typeName);
      return entry ? entry.ops.apply(request) : { private: request.plannedPrivate, diagnostics: unknownType('resource', request.typeName) };
    },
    async importResourceState(request) {
      const entry = resources.get(request.typeName);
      return entry ? entry.ops.import(request.id) : { importedResources: [], diagnostics: unknownType('resource', request.typeName) };
    },
    async readDataSource({ typeName, config }) {
      const dataSource = dataSources.get(typeName);
      if (!dataSource) return { diagnostics: unknownType('data source', typeName) };
      const type = schemaType(dataSource.schema);
      const value = decodeDynamicValue(config, type);
      try {
        const result = await dataSource.read(toModel(value), { client: configured(), logger });
        return { state: encodeDynamicValue(toState(dataSource.schema.attributes, result, value), type), diagnostics: [] };
      } catch (error) {
        return { diagnostics: diagnosticsFrom(error, `Error reading data source ${typeName}`) };
      }
    },
    async validateEphemeralResourceConfig({ typeName, config }) {
      const entry = ephemerals.get(typeName);
      return entry ? validate(entry.resource.schema, config) : { diagnostics: unknownType('ephemeral resource', typeName) };
    },
    async openEphemeralResource(request) {
      const entry = ephemerals.get(request.typeName);
      return entry ? entry.ops.open(request) : { private: new Uint8Array(0), diagnostics: unknownType('ephemeral resource', request.typeName) };
    },
    async renewEphemeralResource(request) {
      const entry = ephemerals.get(request.typeName);
      return entry ? entry.ops.renew(request) : { private: request.private, diagnostics: unknownType('ephemeral resource', request.typeName) };
    },
    async closeEphemeralResource(request) {
      const entry = ephemerals.get(request.typeName);
      return entry ? entry.ops.close(request) : { diagnostics: unknownType('ephemeral resource', request.typeName) };
    },
    async stopProvider() {
      logger.log('info', 'stop requested: cancelling calls in flight');
      stop.abort();
      return '';
    },
  };
}
