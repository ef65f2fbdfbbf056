// The provider server contract: one method per tfplugin6 RPC, with protocol types (values still encoded).
// The framework implements it; tf6-service.ts binds it to gRPC. Nothing here knows any resource.
import type { AttributePath } from './attribute-path.ts';
import type { Diagnostic } from './diagnostic.ts';
import type { DynamicValue } from './dynamic-value.ts';
import type { Schema } from './schema.ts';

export interface ServerCapabilities { planDestroy: boolean; getProviderSchemaOptional: boolean; moveResourceState: boolean }
export interface ClientCapabilities { deferralAllowed: boolean; writeOnlyAttributesAllowed: boolean }
type Diagnosed = { diagnostics: Diagnostic[] };

export interface GetMetadataResponse extends Diagnosed { serverCapabilities: ServerCapabilities; resources: string[]; dataSources: string[]; ephemeralResources: string[] }
export interface GetProviderSchemaResponse extends Diagnosed {
  serverCapabilities: ServerCapabilities;
  provider: Schema;
  resourceSchemas: Record<string, Schema>;
  dataSourceSchemas: Record<string, Schema>;
  ephemeralResourceSchemas: Record<string, Schema>;
}
export interface ValidateConfigRequest { typeName: string; config?: DynamicValue }
export interface UpgradeResourceStateRequest { typeName: string; version: number; rawState: { json?: Uint8Array; flatmap?: Record<string, string> } }
export interface UpgradeResourceStateResponse extends Diagnosed { upgradedState?: DynamicValue }
export interface ConfigureProviderRequest { terraformVersion: string; config?: DynamicValue; clientCapabilities: ClientCapabilities }
export interface ReadResourceRequest { typeName: string; currentState?: DynamicValue; private: Uint8Array; clientCapabilities: ClientCapabilities }
export interface ReadResourceResponse extends Diagnosed { newState?: DynamicValue; private: Uint8Array }
export interface PlanResourceChangeRequest {
  typeName: string;
  priorState?: DynamicValue;
  proposedNewState?: DynamicValue;
  config?: DynamicValue;
  priorPrivate: Uint8Array;
  clientCapabilities: ClientCapabilities;
}
export interface PlanResourceChangeResponse extends Diagnosed { plannedState?: DynamicValue; requiresReplace: AttributePath[]; plannedPrivate: Uint8Array }
export interface ApplyResourceChangeRequest { typeName: string; priorState?: DynamicValue; plannedState?: DynamicValue; config?: DynamicValue; plannedPrivate: Uint8Array }
export interface ApplyResourceChangeResponse extends Diagnosed { newState?: DynamicValue; private: Uint8Array }
export interface ImportResourceStateRequest { typeName: string; id: string; clientCapabilities: ClientCapabilities }
export interface ImportedResource { typeName: string; state?: DynamicValue; private: Uint8Array }
export interface ImportResourceStateResponse extends Diagnosed { importedResources: ImportedResource[] }
export interface ReadDataSourceRequest { typeName: string; config?: DynamicValue; clientCapabilities: ClientCapabilities }
export interface ReadDataSourceResponse extends Diagnosed { state?: DynamicValue }
export interface OpenEphemeralResourceRequest { typeName: string; config?: DynamicValue; clientCapabilities: ClientCapabilities }
/** `renewAt` absent: Terraform never calls RenewEphemeralResource for this instance. */
export interface OpenEphemeralResourceResponse extends Diagnosed { result?: DynamicValue; private: Uint8Array; renewAt?: Date }
export interface EphemeralResourceInstanceRequest { typeName: string; private: Uint8Array }
export interface RenewEphemeralResourceResponse extends Diagnosed { private: Uint8Array; renewAt?: Date }

/**
 * A tfplugin6 provider. Every method resolves (errors are diagnostics, never rejections); the gRPC
 * binding turns an unexpected rejection into an error diagnostic as a last resort.
 */
export interface ProviderServer {
  getMetadata(): Promise<GetMetadataResponse>;
  getProviderSchema(): Promise<GetProviderSchemaResponse>;
  validateProviderConfig(request: { config?: DynamicValue }): Promise<Diagnosed>;
  validateResourceConfig(request: ValidateConfigRequest): Promise<Diagnosed>;
  validateDataResourceConfig(request: ValidateConfigRequest): Promise<Diagnosed>;
  upgradeResourceState(request: UpgradeResourceStateRequest): Promise<UpgradeResourceStateResponse>;
  configureProvider(request: ConfigureProviderRequest): Promise<Diagnosed>;
  readResource(request: ReadResourceRequest): Promise<ReadResourceResponse>;
  planResourceChange(request: PlanResourceChangeRequest): Promise<PlanResourceChangeResponse>;
  applyResourceChange(request: ApplyResourceChangeRequest): Promise<ApplyResourceChangeResponse>;
  importResourceState(request: ImportResourceStateRequest): Promise<ImportResourceStateResponse>;
  readDataSource(request: ReadDataSourceRequest): Promise<ReadDataSourceResponse>;
  validateEphemeralResourceConfig(request: ValidateConfigRequest): Promise<Diagnosed>;
  openEphemeralResource(request: OpenEphemeralResourceRequest): Promise<OpenEphemeralResourceResponse>;
  renewEphemeralResource(request: EphemeralResourceInstanceRequest): Promise<RenewEphemeralResourceResponse>;
  closeEphemeralResource(request: EphemeralResourceInstanceRequest): Promise<Diagnosed>;
  /** Terraform asks running operations to stop (Ctrl-C); resolves with an error text or ''. */
  stopProvider(): Promise<string>;
}
