// go-plugin's side services (broker, stdio, controller) and gRPC health, served next to the plugin's own service.
import goPluginCodecs from './generated/go-plugin.codecs.ts';
import { HealthCheckResponse_ServingStatus } from './generated/go-plugin.types.ts';
import { serviceRegistration, type ServiceRegistration, type StreamingCall } from './grpc-call-handler.ts';
import { serviceDefinition } from './grpc-service-definition.ts';
import { GrpcError, GrpcStatus } from './grpc-status.ts';

/** The side services plus `closeStreams`, which ends the long-lived broker and stdio streams on shutdown. */
export interface SideServices {
  registrations: ServiceRegistration[];
  closeStreams(): void;
}

const { SERVING } = HealthCheckResponse_ServingStatus;

/**
 * Creates the side services. `onShutdownRequested` runs after the controller's Shutdown reply is sent;
 * it must stop the process promptly (Terraform kills it after 2 s otherwise).
 */
export function createSideServices(onShutdownRequested: () => void): SideServices {
  const open = new Set<StreamingCall>();
  const hold = (call: StreamingCall) => {
    open.add(call);
    call.onClose(() => open.delete(call));
  };
  const registrations: ServiceRegistration[] = [
    // Terraform opens the broker stream on every connection but never asks for a sub-connection.
    serviceRegistration(serviceDefinition(goPluginCodecs, 'plugin.GRPCBroker'), {
      StartStream: (call) => {
        hold(call);
        call.onEnd(() => call.end());
      },
    }),
    // Logs go straight to stderr, which the host reads; the stream stays open and silent.
    serviceRegistration(serviceDefinition(goPluginCodecs, 'plugin.GRPCStdio'), { StreamStdio: hold }),
    serviceRegistration(serviceDefinition(goPluginCodecs, 'plugin.GRPCController'), {
      Shutdown: () => {
        setImmediate(onShutdownRequested);
        return {};
      },
    }),
    serviceRegistration(serviceDefinition(goPluginCodecs, 'grpc.health.v1.Health'), {
      Check: (request) => {
        if (request.service === '' || request.service === 'plugin') return { status: SERVING };
        throw new GrpcError(GrpcStatus.NOT_FOUND, `unknown service ${request.service}`);
      },
      Watch: (call) => {
        hold(call);
        call.write({ status: SERVING });
      },
    }),
  ];
  return {
    registrations,
    closeStreams() {
      for (const call of open) call.end();
      open.clear();
    },
  };
}
