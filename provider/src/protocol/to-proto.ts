// Converts protocol response types into tfplugin6 response messages as the encoder takes them (generated/tfplugin6.types.ts).
import { attributePathToProto } from './attribute-path.ts';
import { diagnosticToProto, type Diagnostic } from './diagnostic.ts';
import type { DynamicValue } from './dynamic-value.ts';
import type * as tfplugin6 from './generated/tfplugin6.types.ts';
import type {
  ApplyResourceChangeResponse, GetMetadataResponse, GetProviderSchemaResponse, ImportResourceStateResponse, OpenEphemeralResourceResponse,
  PlanResourceChangeResponse, ReadDataSourceResponse, ReadResourceResponse, RenewEphemeralResourceResponse, ServerCapabilities, UpgradeResourceStateResponse,
} from './provider-server.ts';
import { schemaToProto } from './schema.ts';

/** The responses that are only diagnostics (validation, configure, and what this provider does not support). */
export interface DiagnosticsOnly { diagnostics: tfplugin6.IDiagnostic[] }

const diagnostics = (list: readonly Diagnostic[]) => list.map(diagnosticToProto);
const dynamicValue = (v: DynamicValue | undefined): tfplugin6.IDynamicValue | null => (v ? { msgpack: v.msgpack, json: v.json } : null);
const mapValues = <T, R>(record: Record<string, T>, f: (v: T) => R) => Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));

export const serverCapabilities = (c: ServerCapabilities): tfplugin6.IServerCapabilities => ({
  plan_destroy: c.planDestroy,
  get_provider_schema_optional: c.getProviderSchemaOptional,
  move_resource_state: c.moveResourceState,
});

export const diagnosticsOnly = (r: { diagnostics: readonly Diagnostic[] }): DiagnosticsOnly => ({ diagnostics: diagnostics(r.diagnostics) });

export const getMetadataResponse = (r: GetMetadataResponse): tfplugin6.IGetMetadata_Response => ({
  server_capabilities: serverCapabilities(r.serverCapabilities),
  diagnostics: diagnostics(r.diagnostics),
  resources: r.resources.map((type_name) => ({ type_name })),
  data_sources: r.dataSources.map((type_name) => ({ type_name })),
  functions: [],
  ephemeral_resources: r.ephemeralResources.map((type_name) => ({ type_name })),
});

export const getProviderSchemaResponse = (r: GetProviderSchemaResponse): tfplugin6.IGetProviderSchema_Response => ({
  provider: schemaToProto(r.provider),
  resource_schemas: mapValues(r.resourceSchemas, schemaToProto),
  data_source_schemas: mapValues(r.dataSourceSchemas, schemaToProto),
  functions: {},
  ephemeral_resource_schemas: mapValues(r.ephemeralResourceSchemas, schemaToProto),
  diagnostics: diagnostics(r.diagnostics),
  server_capabilities: serverCapabilities(r.serverCapabilities),
});

export const upgradeResourceStateResponse = (r: UpgradeResourceStateResponse): tfplugin6.IUpgradeResourceState_Response => ({
  upgraded_state: dynamicValue(r.upgradedState),
  diagnostics: diagnostics(r.diagnostics),
});

export const readResourceResponse = (r: ReadResourceResponse): tfplugin6.IReadResource_Response => ({
  new_state: dynamicValue(r.newState),
  diagnostics: diagnostics(r.diagnostics),
  private: r.private,
});

export const planResourceChangeResponse = (r: PlanResourceChangeResponse): tfplugin6.IPlanResourceChange_Response => ({
  planned_state: dynamicValue(r.plannedState),
  requires_replace: r.requiresReplace.map(attributePathToProto),
  planned_private: r.plannedPrivate,
  diagnostics: diagnostics(r.diagnostics),
});

export const applyResourceChangeResponse = (r: ApplyResourceChangeResponse): tfplugin6.IApplyResourceChange_Response => ({
  new_state: dynamicValue(r.newState),
  private: r.private,
  diagnostics: diagnostics(r.diagnostics),
});

export const importResourceStateResponse = (r: ImportResourceStateResponse): tfplugin6.IImportResourceState_Response => ({
  imported_resources: r.importedResources.map((i) => ({ type_name: i.typeName, state: dynamicValue(i.state), private: i.private })),
  diagnostics: diagnostics(r.diagnostics),
});

export const readDataSourceResponse = (r: ReadDataSourceResponse): tfplugin6.IReadDataSource_Response => ({
  state: dynamicValue(r.state),
  diagnostics: diagnostics(r.diagnostics),
});

/** A google.protobuf.Timestamp (whole seconds and nanos since the epoch). */
const timestamp = (at: Date): tfplugin6.ITimestamp => ({ seconds: Math.floor(at.getTime() / 1000), nanos: (at.getTime() % 1000) * 1_000_000 });

export const openEphemeralResourceResponse = (r: OpenEphemeralResourceResponse): tfplugin6.IOpenEphemeralResource_Response => ({
  result: dynamicValue(r.result),
  private: r.private,
  renew_at: r.renewAt ? timestamp(r.renewAt) : null,
  diagnostics: diagnostics(r.diagnostics),
});

export const renewEphemeralResourceResponse = (r: RenewEphemeralResourceResponse): tfplugin6.IRenewEphemeralResource_Response => ({
  private: r.private,
  renew_at: r.renewAt ? timestamp(r.renewAt) : null,
  diagnostics: diagnostics(r.diagnostics),
});

/** This provider offers no functions. */
export const getFunctionsResponse = (): tfplugin6.IGetFunctions_Response => ({ functions: {}, diagnostics: [] });

/** The answer to a call of a function this provider does not offer (there are none). */
export const callFunctionResponse = (m: tfplugin6.CallFunction_Request): tfplugin6.ICallFunction_Response => ({
  error: { text: `function ${m.name} is not provided by this provider` },
});
