// go-plugin's side services (broker, stdio, controller) and gRPC health, served next to the plugin's own service.
import { status, type ServerDuplexStream, type ServerWritableStream, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import goPluginJson from './generated/go-plugin.json' with { type: 'json' };
import { loadRoot, serviceDefinition } from './grpc-service-definition.ts';

/** A service to register on the gRPC server. */
export interface ServiceRegistration {
  definition: ServiceDefinition;
  implementation: UntypedServiceImplementation;
}

/** The side services plus `closeStreams`, which ends the long-lived broker and stdio streams on shutdown. */
export interface SideServices {
  registrations: ServiceRegistration[];
  closeStreams(): void;
}

const SERVING = 1;

/**
 * Creates the side services. `onShutdownRequested` runs after the controller's Shutdown reply is sent;
 * it must stop the process promptly (Terraform kills it after 2 s otherwise).
 */
export function createSideServices(onShutdownRequested: () => void): SideServices {
  const root = loadRoot(goPluginJson);
  const open = new Set<{ end(): void }>();
  const hold = (stream: { end(): void; on(event: string, listener: () => void): unknown }) => {
    open.add(stream);
    stream.on('cancelled', () => open.delete(stream));
    stream.on('error', () => open.delete(stream));
  };
  const registrations: ServiceRegistration[] = [
    {
      definition: serviceDefinition(root, 'plugin.GRPCBroker'),
      implementation: {
        // Terraform opens the broker stream on every connection but never asks for a sub-connection.
        StartStream: (stream: ServerDuplexStream<unknown, unknown>) => {
          hold(stream);
          stream.on('data', () => undefined);
          stream.on('end', () => { open.delete(stream); stream.end(); });
        },
      },
    },
    {
      // Logs go straight to stderr, which the host reads; the stream stays open and silent.
      definition: serviceDefinition(root, 'plugin.GRPCStdio'),
      implementation: { StreamStdio: (stream: ServerWritableStream<unknown, unknown>) => hold(stream) },
    },
    {
      definition: serviceDefinition(root, 'plugin.GRPCController'),
      implementation: {
        Shutdown: (_call: unknown, callback: (error: null, reply: object) => void) => {
          callback(null, {});
          setImmediate(onShutdownRequested);
        },
      },
    },
    {
      definition: serviceDefinition(root, 'grpc.health.v1.Health'),
      implementation: {
        Check: (call: { request: { service: string } }, callback: (error: object | null, reply?: object) => void) => {
          const name = call.request.service;
          if (name === '' || name === 'plugin') callback(null, { status: SERVING });
          else callback({ code: status.NOT_FOUND, details: `unknown service ${name}` });
        },
        Watch: (stream: ServerWritableStream<{ service: string }, unknown>) => {
          hold(stream);
          stream.write({ status: SERVING });
        },
      },
    },
  ];
  return {
    registrations,
    closeStreams() {
      for (const stream of open) stream.end();
      open.clear();
    },
  };
}
