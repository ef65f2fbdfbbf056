// Binds a ProviderServer to gRPC as tfplugin6.Provider: every RPC converts in, calls the server, converts out.
import type { ServiceRegistration, UnaryHandler } from '../plugin/grpc-call-handler.ts';
import { serviceDefinition } from '../plugin/grpc-service-definition.ts';
import type { Logger } from '../plugin/logger.ts';
import type { Diagnostic } from './diagnostic.ts';
import * as fromProto from './from-proto.ts';
import tfplugin6Codecs from './generated/tfplugin6.codecs.ts';
import type { ProviderServer } from './provider-server.ts';
import * as toProto from './to-proto.ts';

type Rpc = (request: fromProto.ProtoMessage) => Promise<object>;

/** The tfplugin6.Provider service for `server`, ready for servePlugin. */
export function tf6Service(server: ProviderServer, logger: Logger): ServiceRegistration {
  const unsupported = (what: string) => [{ severity: 'error', summary: `${what} is not supported by this provider` } satisfies Diagnostic];
  const rpcs: Record<string, Rpc> = {
    GetMetadata: async () => toProto.getMetadataResponse(await server.getMetadata()),
    GetProviderSchema: async () => toProto.getProviderSchemaResponse(await server.getProviderSchema()),
    ValidateProviderConfig: async (m) => toProto.diagnosticsOnly(await server.validateProviderConfig({ config: fromProto.dynamicValue(m.config) })),
    ValidateResourceConfig: async (m) => toProto.diagnosticsOnly(await server.validateResourceConfig(fromProto.validateConfigRequest(m))),
    ValidateDataResourceConfig: async (m) => toProto.diagnosticsOnly(await server.validateDataResourceConfig(fromProto.validateConfigRequest(m))),
    UpgradeResourceState: async (m) => toProto.upgradeResourceStateResponse(await server.upgradeResourceState(fromProto.upgradeResourceStateRequest(m))),
    ConfigureProvider: async (m) => toProto.diagnosticsOnly(await server.configureProvider(fromProto.configureProviderRequest(m))),
    ReadResource: async (m) => toProto.readResourceResponse(await server.readResource(fromProto.readResourceRequest(m))),
    PlanResourceChange: async (m) => toProto.planResourceChangeResponse(await server.planResourceChange(fromProto.planResourceChangeRequest(m))),
    ApplyResourceChange: async (m) => toProto.applyResourceChangeResponse(await server.applyResourceChange(fromProto.applyResourceChangeRequest(m))),
    ImportResourceState: async (m) => toProto.importResourceStateResponse(await server.importResourceState(fromProto.importResourceStateRequest(m))),
    ReadDataSource: async (m) => toProto.readDataSourceResponse(await server.readDataSource(fromProto.readDataSourceRequest(m))),
    StopProvider: async () => ({ Error: await server.stopProvider() }),
    MoveResourceState: async () => ({ diagnostics: unsupported('Moving resource state').map(toProtoDiagnostic) }),
    ValidateEphemeralResourceConfig: async (m) => ({ diagnostics: unsupported(`Ephemeral resource ${m.type_name}`).map(toProtoDiagnostic) }),
    OpenEphemeralResource: async (m) => ({ diagnostics: unsupported(`Ephemeral resource ${m.type_name}`).map(toProtoDiagnostic) }),
    RenewEphemeralResource: async (m) => ({ diagnostics: unsupported(`Ephemeral resource ${m.type_name}`).map(toProtoDiagnostic) }),
    CloseEphemeralResource: async (m) => ({ diagnostics: unsupported(`Ephemeral resource ${m.type_name}`).map(toProtoDiagnostic) }),
    GetFunctions: async () => ({ functions: {}, diagnostics: [] }),
    CallFunction: async (m) => ({ error: { text: `function ${m.name} is not provided by this provider` } }),
  };
  const implementation: Record<string, UnaryHandler> = {};
  const tracing = logger.enabled('trace');
  for (const [name, rpc] of Object.entries(rpcs)) {
    implementation[name] = async (request: fromProto.ProtoMessage) => {
      const started = tracing ? performance.now() : 0;
      try {
        const response = await rpc(request);
        if (tracing) logger.log('trace', `${name} done`, { rpc: name, type_name: request.type_name, ms: Math.round(performance.now() - started) });
        return response;
      } catch (error) {
        // A bug, not a user error: report it as a diagnostic so Terraform shows it instead of a transport failure.
        logger.log('error', `${name} failed`, { rpc: name, error: String(error) });
        return { diagnostics: [toProtoDiagnostic({ severity: 'error', summary: `Internal error in ${name}`, detail: String(error) })] };
      }
    };
  }
  return { definition: serviceDefinition(tfplugin6Codecs, 'tfplugin6.Provider'), implementation };
}

const toProtoDiagnostic = (d: Diagnostic) => toProto.diagnosticsOnly({ diagnostics: [d] }).diagnostics[0];
