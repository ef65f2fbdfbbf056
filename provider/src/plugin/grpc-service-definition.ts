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

/** A message type's codecs as protobufjs's Type#setup would generate them, given setup's scope. */
type Codecs = (Writer: typeof protobuf.Writer, Reader: typeof protobuf.Reader, types: unknown[], util: typeof protobuf.util) => Record<string, unknown>;

/**
 * Loads a root from a protobufjs JSON descriptor and, with `codecs` (both from provider/scripts/generate-protos.mjs),
 * gives each message type its pregenerated codecs: on first use a type then takes those functions instead of
 * generating them with new Function() (which no code cache covers) in every process.
 */
export function loadRoot(json: object, codecs?: Record<string, Codecs>): protobuf.Root {
  const root = protobuf.Root.fromJSON(json as protobuf.INamespace);
  if (codecs) usePregenerated(root, codecs);
  return root;
}

function usePregenerated(namespace: protobuf.NamespaceBase, codecs: Record<string, Codecs>) {
  for (const nested of namespace.nestedArray) {
    const make = nested instanceof protobuf.Type ? codecs[nested.fullName.slice(1)] : undefined;
    if (make && nested instanceof protobuf.Type) {
      // What Type#setup does, with the functions already written: resolve the field types, install the codecs. Once:
      // `type.encode(type.fromObject(x))` reaches setup twice, as encode's placeholder was read before fromObject ran.
      nested.setup = function setup(this: protobuf.Type) {
        if (Object.hasOwn(this, 'encode')) return this;
        const types = this.fieldsArray.map((field) => field.resolve().resolvedType);
        const { ctor, ...functions } = make(protobuf.Writer, protobuf.Reader, types, protobuf.util);
        if (!(this as unknown as { _ctor?: unknown })._ctor) this.ctor = ctor as protobuf.Constructor<object>;
        Object.assign(this, functions);
        // verify is not pregenerated (nothing here calls it): generated as protobufjs would, on its first call.
        this.verify = function verify(this: protobuf.Type, message, depth?: number) {
          this.verify = (protobuf.verifier(this) as unknown as (scope: object) => protobuf.Type['verify'])({ types, util: protobuf.util });
          return this.verify(message, depth);
        };
        return this;
      };
    }
    if (nested instanceof protobuf.Namespace) usePregenerated(nested, codecs);
  }
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
