// Converts protocol response types into tfplugin6 response messages (snake_case plain objects).
import { attributePathToProto } from './attribute-path.ts';
import { diagnosticToProto, type Diagnostic } from './diagnostic.ts';
import type { DynamicValue } from './dynamic-value.ts';
import type {
  ApplyResourceChangeResponse, GetMetadataResponse, GetProviderSchemaResponse, ImportResourceStateResponse, PlanResourceChangeResponse,
  ReadDataSourceResponse, ReadResourceResponse, ServerCapabilities, UpgradeResourceStateResponse,
} from './provider-server.ts';
import { schemaToProto } from './schema.ts';

const diagnostics = (list: readonly Diagnostic[]) => list.map(diagnosticToProto);
const dynamicValue = (v: DynamicValue | undefined) => (v ? { msgpack: v.msgpack, json: v.json } : null);
const mapValues = <T, R>(record: Record<string, T>, f: (v: T) => R) => Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));

export const serverCapabilities = (c: ServerCapabilities) => ({
  plan_destroy: c.planDestroy,
  get_provider_schema_optional: c.getProviderSchemaOptional,
  move_resource_state: c.moveResourceState,
});

export const diagnosticsOnly = (r: { diagnostics: readonly Diagnostic[] }) => ({ diagnostics: diagnostics(r.diagnostics) });

export const getMetadataResponse = (r: GetMetadataResponse) => ({
  server_capabilities: serverCapabilities(r.serverCapabilities),
  diagnostics: diagnostics(r.diagnostics),
  resources: r.resources.map((type_name) => ({ type_name })),
  data_sources: r.dataSources.map((type_name) => ({ type_name })),
  functions: [],
  ephemeral_resources: [],
});

export const getProviderSchemaResponse = (r: GetProviderSchemaResponse) => ({
  provider: schemaToProto(r.provider),
  resource_schemas: mapValues(r.resourceSchemas, schemaToProto),
  data_source_schemas: mapValues(r.dataSourceSchemas, schemaToProto),
  functions: {},
  ephemeral_resource_schemas: {},
  diagnostics: diagnostics(r.diagnostics),
  server_capabilities: serverCapabilities(r.serverCapabilities),
});

export const upgradeResourceStateResponse = (r: UpgradeResourceStateResponse) => ({
  upgraded_state: dynamicValue(r.upgradedState),
  diagnostics: diagnostics(r.diagnostics),
});

export const readResourceResponse = (r: ReadResourceResponse) => ({
  new_state: dynamicValue(r.newState),
  diagnostics: diagnostics(r.diagnostics),
  private: r.private,
});

export const planResourceChangeResponse = (r: PlanResourceChangeResponse) => ({
  planned_state: dynamicValue(r.plannedState),
  requires_replace: r.requiresReplace.map(attributePathToProto),
  planned_private: r.plannedPrivate,
  diagnostics: diagnostics(r.diagnostics),
});

export const applyResourceChangeResponse = (r: ApplyResourceChangeResponse) => ({
  new_state: dynamicValue(r.newState),
  private: r.private,
  diagnostics: diagnostics(r.diagnostics),
});

export const importResourceStateResponse = (r: ImportResourceStateResponse) => ({
  imported_resources: r.importedResources.map((i) => ({ type_name: i.typeName, state: dynamicValue(i.state), private: i.private })),
  diagnostics: diagnostics(r.diagnostics),
});

export const readDataSourceResponse = (r: ReadDataSourceResponse) => ({
  state: dynamicValue(r.state),
  diagnostics: diagnostics(r.diagnostics),
});
