// Builds grpc-js service definitions from protobufjs reflection (loaded from prebuilt JSON), without proto-loader.
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import protobuf from 'protobufjs/light.js';

/** How decoded messages look to handlers: snake_case fields, int64 as number, enums as numbers, defaults filled. */
const TO_OBJECT: protobuf.IConversionOptions = { longs: Number, enums: Number, defaults: true, arrays: true, objects: true, oneofs: true };

/** Loads a root from a protobufjs JSON descriptor (see provider/scripts/generate-protos.mjs). */
export function loadRoot(json: object): protobuf.Root {
  return protobuf.Root.fromJSON(json as protobuf.INamespace);
}

/**
 * The grpc-js definition of service `fullName` (e.g. "tfplugin6.Provider"): paths `/package.Service/Method`,
 * requests decoded to plain objects, responses encoded from plain objects (unknown keys are ignored).
 */
export function serviceDefinition(root: protobuf.Root, fullName: string): ServiceDefinition {
  const service = root.lookupService(fullName);
  const definition: Record<string, MethodDefinition<object, object>> = {};
  for (const method of service.methodsArray) {
    method.resolve();
    const request = method.resolvedRequestType!;
    const response = method.resolvedResponseType!;
    definition[method.name] = {
      path: `/${fullName}/${method.name}`,
      requestStream: Boolean(method.requestStream),
      responseStream: Boolean(method.responseStream),
      requestSerialize: (value: object) => Buffer.from(request.encode(request.fromObject(value)).finish()),
      requestDeserialize: (bytes: Buffer) => request.toObject(request.decode(bytes), TO_OBJECT),
      responseSerialize: (value: object) => Buffer.from(response.encode(response.fromObject(value)).finish()),
      responseDeserialize: (bytes: Buffer) => response.toObject(response.decode(bytes), TO_OBJECT),
    };
  }
  return definition as ServiceDefinition;
}
