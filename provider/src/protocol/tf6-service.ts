// Binds a ProviderServer to gRPC as tfplugin6.Provider: every RPC converts in, calls the server, converts out.
import { serviceRegistration, type Implementation, type ServiceRegistration, type UnaryHandler } from '../plugin/grpc-call-handler.ts';
import { serviceDefinition } from '../plugin/grpc-service-definition.ts';
import type { Logger } from '../plugin/logger.ts';
import type { Diagnostic } from './diagnostic.ts';
import * as fromProto from './from-proto.ts';
import tfplugin6Codecs from './generated/tfplugin6.codecs.ts';
import type { Services } from './generated/tfplugin6.types.ts';
import type { ProviderServer } from './provider-server.ts';
import * as toProto from './to-proto.ts';

type Provider = Services['tfplugin6.Provider'];

/** The tfplugin6.Provider service for `server`, ready for servePlugin. */
export function tf6Service(server: ProviderServer, logger: Logger): ServiceRegistration {
  const tracing = logger.enabled('trace');
  /**
   * RPC `name` answered by `handle`, traced; a rejection (a bug, not a user error) becomes an error diagnostic, so
   * Terraform shows it instead of a transport failure. Only for responses that carry diagnostics: the result must fit.
   */
  const rpc = <M extends keyof Provider>(name: M, handle: (request: Provider[M]['request']) => Promise<Provider[M]['responseInit']>) =>
    async (request: Provider[M]['request']): Promise<Provider[M]['responseInit'] | toProto.DiagnosticsOnly> => {
      const started = tracing ? performance.now() : 0;
      try {
        const response = await handle(request);
        if (tracing) logger.log('trace', `${name} done`, { rpc: name, type_name: 'type_name' in request ? request.type_name : undefined, ms: Math.round(performance.now() - started) });
        return response;
      } catch (error) {
        logger.log('error', `${name} failed`, { rpc: name, error: String(error) });
        return toProto.diagnosticsOnly({ diagnostics: [{ severity: 'error', summary: `Internal error in ${name}`, detail: String(error) }] });
      }
    };
  const unsupported = (what: string) => toProto.diagnosticsOnly({ diagnostics: [{ severity: 'error', summary: `${what} is not supported by this provider` } satisfies Diagnostic] });
  const implementation: Required<Implementation<Provider>> = {
    GetMetadata: rpc('GetMetadata', async () => toProto.getMetadataResponse(await server.getMetadata())),
    GetProviderSchema: rpc('GetProviderSchema', async () => toProto.getProviderSchemaResponse(await server.getProviderSchema())),
    ValidateProviderConfig: rpc('ValidateProviderConfig', async (m) => toProto.diagnosticsOnly(await server.validateProviderConfig(fromProto.validateProviderConfigRequest(m)))),
    ValidateResourceConfig: rpc('ValidateResourceConfig', async (m) => toProto.diagnosticsOnly(await server.validateResourceConfig(fromProto.validateConfigRequest(m)))),
    ValidateDataResourceConfig: rpc('ValidateDataResourceConfig', async (m) => toProto.diagnosticsOnly(await server.validateDataResourceConfig(fromProto.validateConfigRequest(m)))),
    UpgradeResourceState: rpc('UpgradeResourceState', async (m) => toProto.upgradeResourceStateResponse(await server.upgradeResourceState(fromProto.upgradeResourceStateRequest(m)))),
    ConfigureProvider: rpc('ConfigureProvider', async (m) => toProto.diagnosticsOnly(await server.configureProvider(fromProto.configureProviderRequest(m)))),
    ReadResource: rpc('ReadResource', async (m) => toProto.readResourceResponse(await server.readResource(fromProto.readResourceRequest(m)))),
    PlanResourceChange: rpc('PlanResourceChange', async (m) => toProto.planResourceChangeResponse(await server.planResourceChange(fromProto.planResourceChangeRequest(m)))),
    ApplyResourceChange: rpc('ApplyResourceChange', async (m) => toProto.applyResourceChangeResponse(await server.applyResourceChange(fromProto.applyResourceChangeRequest(m)))),
    ImportResourceState: rpc('ImportResourceState', async (m) => toProto.importResourceStateResponse(await server.importResourceState(fromProto.importResourceStateRequest(m)))),
    ReadDataSource: rpc('ReadDataSource', async (m) => toProto.readDataSourceResponse(await server.readDataSource(fromProto.readDataSourceRequest(m)))),
    MoveResourceState: rpc('MoveResourceState', async () => unsupported('Moving resource state')),
    ValidateEphemeralResourceConfig: rpc('ValidateEphemeralResourceConfig', async (m) => toProto.diagnosticsOnly(await server.validateEphemeralResourceConfig(fromProto.validateConfigRequest(m)))),
    OpenEphemeralResource: rpc('OpenEphemeralResource', async (m) => toProto.openEphemeralResourceResponse(await server.openEphemeralResource(fromProto.openEphemeralResourceRequest(m)))),
    RenewEphemeralResource: rpc('RenewEphemeralResource', async (m) => toProto.renewEphemeralResourceResponse(await server.renewEphemeralResource(fromProto.ephemeralResourceInstanceRequest(m)))),
    CloseEphemeralResource: rpc('CloseEphemeralResource', async (m) => toProto.diagnosticsOnly(await server.closeEphemeralResource(fromProto.ephemeralResourceInstanceRequest(m)))),
    GetFunctions: rpc('GetFunctions', async () => toProto.getFunctionsResponse()),
    // These two responses carry no diagnostics: an error is their own error field.
    CallFunction: async (m) => toProto.callFunctionResponse(m),
    StopProvider: stopProvider(server, logger),
  };
  return serviceRegistration(serviceDefinition(tfplugin6Codecs, 'tfplugin6.Provider'), implementation);
}

/** Terraform's stop request; a rejection is reported in the response's Error field. */
function stopProvider(server: ProviderServer, logger: Logger): UnaryHandler<Provider['StopProvider']> {
  return async () => {
    try {
      return { Error: await server.stopProvider() };
    } catch (error) {
      logger.log('error', 'StopProvider failed', { rpc: 'StopProvider', error: String(error) });
      return { Error: String(error) };
    }
  };
}
