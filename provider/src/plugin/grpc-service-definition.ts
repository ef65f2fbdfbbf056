// Describes gRPC services from protobufjs reflection (loaded from prebuilt JSON): paths, streaming kinds, codecs.
import protobuf from 'protobufjs/light.js';

/** How decoded messages look to handlers: snake_case fields, int64 as number, enums as numbers, defaults filled. */
const TO_OBJECT: protobuf.IConversionOptions = { longs: Number, enums: Number, defaults: true, arrays: true, objects: true, oneofs: true };

/** One method: its HTTP/2 path, whether each side streams, and protobuf codecs for both directions. */
export interface MethodDefinition {
  /** `/package.Service/Method`, the request's :path. */
  path: string;
  requestStream: boolean;
  responseStream: boolean;
  decodeRequest(bytes: Uint8Array): any;
  encodeRequest(value: object): Uint8Array;
  decodeResponse(bytes: Uint8Array): any;
  /** Encodes a plain object; keys the message does not declare are ignored. */
  encodeResponse(value: object): Uint8Array;
}

/** A service's methods by name. */
export type ServiceDefinition = Record<string, MethodDefinition>;

/** Loads a root from a protobufjs JSON descriptor (see provider/scripts/generate-protos.mjs). */
export function loadRoot(json: object): protobuf.Root {
  return protobuf.Root.fromJSON(json as protobuf.INamespace);
}

/** The methods of service `fullName` (e.g. "tfplugin6.Provider"). */
export function serviceDefinition(root: protobuf.Root, fullName: string): ServiceDefinition {
  const service = root.lookupService(fullName);
  const definition: ServiceDefinition = {};
  for (const method of service.methodsArray) {
    method.resolve();
    const request = method.resolvedRequestType!;
    const response = method.resolvedResponseType!;
    definition[method.name] = {
      path: `/${fullName}/${method.name}`,
      requestStream: Boolean(method.requestStream),
      responseStream: Boolean(method.responseStream),
      decodeRequest: (bytes) => request.toObject(request.decode(bytes), TO_OBJECT),
      encodeRequest: (value) => request.encode(request.fromObject(value)).finish(),
      decodeResponse: (bytes) => response.toObject(response.decode(bytes), TO_OBJECT),
      encodeResponse: (value) => response.encode(response.fromObject(value)).finish(),
    };
  }
  return definition;
}
