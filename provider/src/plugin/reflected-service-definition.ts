// gRPC service definitions from protobufjs reflection of a JSON descriptor: the reference the tests check the
// generated codecs against, and what the test client and the benchmarks code with. Not part of the provider binary.
import protobuf from 'protobufjs/light.js';
import { methodDefinition, type MessageCodec, type ServiceDefinition, type ServiceTypes } from './grpc-service-definition.ts';

const roots = new WeakMap<object, protobuf.Root>();

/** The reflection root of a descriptor, built once. */
export function reflectedRoot(json: object): protobuf.Root {
  let root = roots.get(json);
  if (!root) roots.set(json, (root = protobuf.Root.fromJSON(json as protobuf.INamespace)));
  return root;
}

/**
 * The methods of service `fullName` of descriptor `json`, coded by protobufjs's own Types. `S` names the service's
 * messages from the generated types module (taken as given: grpc-service-definition.test.ts holds the two together).
 */
export function reflectedServiceDefinition<S extends ServiceTypes = ServiceTypes>(json: object, fullName: string): ServiceDefinition<S> {
  const definition: ServiceDefinition = {};
  for (const method of reflectedRoot(json).lookupService(fullName).methodsArray) {
    method.resolve();
    const codec = (type: protobuf.Type | null) => type as unknown as MessageCodec;
    definition[method.name] = methodDefinition(`/${fullName}/${method.name}`, codec(method.resolvedRequestType),
      codec(method.resolvedResponseType), Boolean(method.requestStream), Boolean(method.responseStream));
  }
  return definition as ServiceDefinition<S>;
}
